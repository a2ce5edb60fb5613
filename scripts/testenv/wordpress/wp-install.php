<?php
/**
 * Install WordPress: php wp-install.php ADMIN_USER ADMIN_PASSWORD [LANGUAGE]
 * Prints {"application_password": ...} for the admin.
 * Written by dialogo.testing.services.wordpress_site(): @NAME@ markers are filled in there.
 */
[, $user, $password] = $argv;
$language = $argv[3] ?? '';

define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = @HTTP_HOST@;
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';

// Pluggable: the tests have no mail transport.
function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password) {}

require @SITE_DIR@ . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

$result = wp_install('Blog de pruebas', $user, $user . '@example.org', true, '', wp_slash($password), $language);
if (is_wp_error($result)) {
    fwrite(STDERR, $result->get_error_message() . "\n");
    exit(1);
}

// Pretty permalinks: the REST API at /wp-json/, as on a real site.
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%postname%/');
flush_rewrite_rules();

$created = WP_Application_Passwords::create_new_application_password(
    $result['user_id'],
    array('name' => 'Diálogo tests')
);
if (is_wp_error($created)) {
    fwrite(STDERR, $created->get_error_message() . "\n");
    exit(1);
}
echo json_encode(array('application_password' => $created[0], 'user_id' => $result['user_id'])), "\n";
