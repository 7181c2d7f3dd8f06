// The first step of `npm test`: the browser tests need Debian's Chromium (or CHROMIUM_PATH) and the
// CJK font the screenshots rely on. When either is missing, say so in one line, with how to get
// it, instead of a stack trace from every browser test file.
import { accessSync, constants, existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

const executable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const missing = [];
if (!executable(chromium)) missing.push(process.env.CHROMIUM_PATH ? `Chromium at CHROMIUM_PATH=${chromium}` : `Chromium (${chromium})`);
if (!existsSync(FONT)) missing.push(`the font fonts-wqy-microhei (${FONT})`);
if (missing.length > 0) {
  console.error(`npm test: the browser tests need ${missing.join(' and ')}: run \`apt-get install -y chromium fonts-wqy-microhei\` (as .ci/run does), or set CHROMIUM_PATH to a Chromium binary.`);
  process.exit(1);
}
