<?php
/**
 * wp-config.php of a throwaway WordPress for Diálogo's tests.
 * Written by dialogo.testing.services.wordpress_site(): @NAME@ markers are filled in there.
 */
define('DB_NAME', 'wordpress');
define('DB_USER', 'wordpress');
define('DB_PASSWORD', @DB_PASSWORD@);
define('DB_HOST', @DB_HOST@);
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');

@KEYS@

$table_prefix = 'wp_';

// 'local': application passwords work without https.
define('WP_ENVIRONMENT_TYPE', 'local');
define('WP_HOME', @WP_URL@);
define('WP_SITEURL', @WP_URL@);

// The site's files are hard links to Debian's /usr/share/wordpress: change no file.
define('DISALLOW_FILE_MODS', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
// No network but loopback, and no cron requests fired at the single test server.
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISABLE_WP_CRON', true);

define('WP_DEBUG', false);

if (!defined('ABSPATH')) {
    define('ABSPATH', __DIR__ . '/');
}
require_once ABSPATH . 'wp-settings.php';
