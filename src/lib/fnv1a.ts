/** FNV-1a (32 bit) over the UTF-16 code units: a small, stable, well-mixed hash of a string. Not for anything secret. */
export function fnv1a(text: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}
