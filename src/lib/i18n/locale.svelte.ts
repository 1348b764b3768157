import {
	getLocale,
	locales,
	overwriteGetLocale,
	overwriteSetLocale,
	setLocale,
	type Locale
} from '$lib/paraglide/runtime';

/**
 * Makes Paraglide's locale reactive, so that switching language re-renders every message in place instead of
 * reloading the page (the learner would lose a running sandbox).
 *
 * Paraglide's own getLocale() resolves the strategy (localStorage → browser languages → English) and its
 * setLocale() stores the choice; we keep both and put a rune in front. Every `m.message()` in a template then
 * reads `current` and is re-run when it changes. The locale is global by nature (one page, one language), so a
 * module-level state is the right scope here.
 */
const resolveLocale = getLocale;
const storeLocale = setLocale;

let current = $state<Locale>(resolveLocale());

overwriteGetLocale(() => current);
overwriteSetLocale((locale) => {
	void storeLocale(locale, { reload: false });
	current = locale;
});

export const locale = {
	get current(): Locale {
		return current;
	},
	set(next: Locale): void {
		void setLocale(next);
	},
	all: locales
};

/** Call once from the root layout: keeps `<html lang>` in step with the chosen locale. */
export function syncDocumentLanguage(): void {
	$effect(() => {
		document.documentElement.lang = current;
	});
}
