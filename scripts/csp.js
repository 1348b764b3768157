/**
 * The course's Content-Security-Policy, in one place: svelte.config.js gives it to SvelteKit (which writes it into
 * every page as a <meta> tag, with the hashes of its own inline scripts), and scripts/serve.mjs sends it as a
 * header, which also reaches what a <meta> tag cannot: the crypto Web Worker, and who may frame the site.
 */

/**
 * SvelteKit's form: keywords without quotes.
 * @type {import('@sveltejs/kit').CspDirectives}
 */
export const CSP_DIRECTIVES = {
	'default-src': ['self'],
	'script-src': ['self', 'wasm-unsafe-eval'],
	// SvelteKit's route announcer (a visually hidden live region) carries one fixed style attribute; allow
	// exactly that one by its hash. If a SvelteKit update changes it, tests/home.spec.ts reports the
	// violation with the new hash.
	'style-src': ['self', 'unsafe-hashes', 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='],
	'img-src': ['self', 'data:'],
	'font-src': ['self'],
	'connect-src': ['self'],
	'worker-src': ['self'],
	'object-src': ['none'],
	'base-uri': ['self'],
	'form-action': ['self']
};

const KEYWORD =
	/^(self|none|unsafe-[a-z-]+|wasm-unsafe-eval|strict-dynamic|report-sample|(sha256|sha384|sha512|nonce)-.+)$/;

/**
 * The policy as a header value, e.g. `default-src 'self'; …`.
 * @param {import('@sveltejs/kit').CspDirectives} directives
 */
export function policyHeader(directives) {
	return Object.entries(directives)
		.filter(([, values]) => Array.isArray(values))
		.map(([name, values]) =>
			[name, .../** @type {string[]} */ (values).map((v) => (KEYWORD.test(v) ? `'${v}'` : v))].join(' ')
		)
		.join('; ');
}
