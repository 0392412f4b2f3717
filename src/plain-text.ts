/** Text from users that is shown, never interpreted: one rule for what may be shown, one escape for SVG. Pure. */

// Control, format (bidi overrides such as U+202E), private-use and unassigned characters.
const UNSHOWABLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/u;

/** True when `text` holds only characters that are shown as they are. */
export function isPlainText(text: string): boolean {
  return !UNSHOWABLE.test(text);
}

const XML_ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => XML_ENTITIES[char] as string);
}
