/**
 * better-sqlite3 (a native addon) and sharp (libvips) are loaded by Node at
 * run time rather than bundled into the server build.
 * @type {import('next').NextConfig}
 */
const nextConfig = {
  serverExternalPackages: ['better-sqlite3', 'sharp'],
  poweredByHeader: false,
};

export default nextConfig;
