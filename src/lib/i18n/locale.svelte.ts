import {
	baseLocale,
	extractLocaleFromNavigator,
	isServer,
	localStorageKey,
	locales,
	overwriteGetLocale,
	overwriteSetLocale,
	toLocale,
	type Locale
} from '$lib/paraglide/runtime';
import { readItem, writeItem } from './site-storage';

/**
 * Makes Paraglide's locale reactive, so that switching language re-renders every message in place instead of
 * reloading the page (the learner would lose a running sandbox).
 *
 * The locale is resolved as Paraglide's strategy says (the learner's stored choice → browser languages → English),
 * but here and guarded: Paraglide's own getLocale()/setLocale() touch `localStorage` unguarded, and with site data
 * blocked or storage full that threw while this module loaded and took every page down ("500"). Both are replaced
 * before any message is rendered; a choice that cannot be stored lasts for the tab. The locale is global by nature
 * (one page, one language), so a module-level state is the right scope here.
 */
function resolveLocale(): Locale {
	if (isServer) return baseLocale;
	return (
		toLocale(readItem(localStorageKey) ?? undefined) ??
		toLocale(safely(extractLocaleFromNavigator)) ??
		baseLocale
	);
}

function safely<T>(f: () => T): T | undefined {
	try {
		return f();
	} catch {
		return undefined;
	}
}

let current = $state<Locale>(resolveLocale());

overwriteGetLocale(() => current);
overwriteSetLocale((locale) => {
	// No reload: the page re-renders in place. A choice that cannot be stored lasts for the tab.
	if (!isServer) writeItem(localStorageKey, locale);
	current = locale;
});

export const locale = {
	get current(): Locale {
		return current;
	},
	set(next: Locale): void {
		if (!isServer) writeItem(localStorageKey, next);
		current = next;
	},
	all: locales
};

/** Call once from the root layout: keeps `<html lang>` in step with the chosen locale. */
export function syncDocumentLanguage(): void {
	$effect(() => {
		document.documentElement.lang = current;
	});
}
