// Flags for Debian's chromium on this machine kind: without the background-networking ones its
// connections are refused by the closed network at every start.
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
