/**
 * For the learning-platform build (hash routing, see svelte.config.js): SvelteKit refuses page options there
 * (`prerender`, `ssr`, `trailingSlash`, `entries` only make sense for a site with a page per path), so this Vite
 * plugin turns those exports of the routes' `+layout.ts`/`+page.ts` into plain constants. Only in that build.
 * @returns {import('vite').Plugin}
 */
export function lmsPageOptions() {
	const file = /\/src\/routes\/(.*\/)?\+(layout|page)\.ts$/;
	const option = /^export const (prerender|ssr|trailingSlash|entries|csr)\b/gm;
	return {
		name: 'e2ee-trainer:lms-page-options',
		enforce: 'pre',
		transform(code, id) {
			if (!file.test(id.split('?')[0] ?? '')) return null;
			return { code: code.replace(option, 'const $1'), map: null };
		}
	};
}
