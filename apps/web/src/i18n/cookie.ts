/** The cookie that remembers the chosen language across visits (its own module: the browser imports it). */
export const LANG_COOKIE = 'medsets-lang';
