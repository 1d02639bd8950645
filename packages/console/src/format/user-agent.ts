/** The browser and OS a user-agent string names, as far as a short table can tell. */
export interface UserAgentInfo {
  /** "Chrome", "Edge", "Firefox", "Safari", "Opera", "Samsung Internet", or null when unknown. */
  browser: string | null;
  /** Major version, e.g. "131"; null when unknown. */
  version: string | null;
  /** "Windows", "macOS", "Linux", "Android", "iOS", "ChromeOS", or null when unknown. */
  os: string | null;
}

// Order matters: Chromium-based browsers also say "Chrome/" and "Safari/", and Chrome says
// "Safari/", so the more specific tokens are tried first.
const BROWSERS: ReadonlyArray<readonly [name: string, pattern: RegExp]> = [
  ['Edge', /\b(?:Edg|EdgA|EdgiOS|Edge)\/(\d+)/],
  ['Samsung Internet', /\bSamsungBrowser\/(\d+)/],
  ['Opera', /\b(?:OPR|OPiOS|OPT)\/(\d+)/],
  ['Opera', /\bOpera\b.*?\bVersion\/(\d+)/],
  ['Firefox', /\b(?:Firefox|FxiOS)\/(\d+)/],
  // Headless and unbranded Chromium (Debian's, automation) report their own tokens.
  ['Chrome', /\b(?:Chrome|CriOS|HeadlessChrome|Chromium)\/(\d+)/],
  ['Safari', /\bVersion\/(\d+)(?:[.\d]*)(?: Mobile\/\w+)? Safari\//],
];

const SYSTEMS: ReadonlyArray<readonly [name: string, pattern: RegExp]> = [
  ['Windows', /\bWindows\b/],
  ['iOS', /\b(?:iPhone|iPad|iPod)\b/],
  ['Android', /\bAndroid\b/],
  ['ChromeOS', /\bCrOS\b/],
  ['macOS', /\bMac OS X\b|\bMacintosh\b/],
  ['Linux', /\bLinux\b|\bX11\b/],
];

/**
 * Read the browser, its major version and the OS from a user-agent string. A small table, not a
 * full database: it covers the browsers agents meet daily and returns nulls for the rest.
 * @example parseUserAgent(navigator.userAgent) // { browser: 'Chrome', version: '131', os: 'macOS' }
 */
export function parseUserAgent(userAgent: string | undefined | null): UserAgentInfo {
  const ua = userAgent ?? '';
  let browser: string | null = null;
  let version: string | null = null;
  for (const [name, pattern] of BROWSERS) {
    const match = pattern.exec(ua);
    if (match) {
      browser = name;
      version = match[1] ?? null;
      break;
    }
  }
  let os: string | null = null;
  for (const [name, pattern] of SYSTEMS) {
    if (pattern.test(ua)) {
      os = name;
      break;
    }
  }
  return { browser, version, os };
}

/**
 * One line for people: "Chrome 131 on macOS", "Firefox on Linux", or null when nothing is known.
 * @example describeUserAgent(ua) // 'Safari 17 on iOS'
 */
export function describeUserAgent(userAgent: string | undefined | null): string | null {
  const { browser, version, os } = parseUserAgent(userAgent);
  const name = browser ? (version ? `${browser} ${version}` : browser) : null;
  if (name && os) return `${name} on ${os}`;
  return name ?? os;
}
