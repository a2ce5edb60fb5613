<?php
/**
 * Run PHP code inside the test WordPress, like `wp eval`: php wp-eval.php 'CODE'
 * Written by dialogo.testing.services.wordpress_site(): @NAME@ markers are filled in there.
 */
$_SERVER['HTTP_HOST'] = @HTTP_HOST@;
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';

require @SITE_DIR@ . '/wp-load.php';
eval($argv[1]);
