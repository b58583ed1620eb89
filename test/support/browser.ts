import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless. No browser is downloaded: .ci/run installs the `chromium`
 * package. The flags keep it off the network, which this machine refuses anyway; playwright
 * gives every launch a fresh, empty profile of its own.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
