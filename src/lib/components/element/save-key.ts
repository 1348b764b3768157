/** Saving a recovery (Security) key the learner was shown: the classic Secure Backup dialog and the 2026 flow. */

/** Downloads `key` as a text file named `filename`. */
export function downloadKey(key: string, filename: string): void {
	const url = URL.createObjectURL(new Blob([`${key}\n`], { type: 'text/plain' }));
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	a.click();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}
