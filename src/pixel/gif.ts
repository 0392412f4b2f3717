/** The smallest valid transparent 1×1 GIF89a (43 bytes). */
export const TRANSPARENT_GIF = Uint8Array.from(atob('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=='), (char) =>
  char.charCodeAt(0),
);
