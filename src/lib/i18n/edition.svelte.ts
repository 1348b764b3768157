import {
	defaultEdition,
	editionParam,
	editions,
	editionStorageKey,
	toEdition,
	type Edition
} from '$lib/edition';
import { readItem, writeItem } from './site-storage';

/**
 * The learner's Element edition, reactive and global like the language: one page shows one Element. A link's
 * `?element=` wins over the stored choice and is remembered; a choice that cannot be stored (site data blocked, storage
 * full) lasts for the tab. Read while this module loads, so that a lesson never renders first in the other edition.
 */
function linked(): Edition | undefined {
	try {
		return toEdition(new URL(window.location.href).searchParams.get(editionParam));
	} catch {
		return undefined;
	}
}

function resolveEdition(): Edition {
	if (typeof window === 'undefined') return defaultEdition;
	const fromLink = linked();
	if (fromLink) {
		writeItem(editionStorageKey, fromLink);
		return fromLink;
	}
	return toEdition(readItem(editionStorageKey)) ?? defaultEdition;
}

let current = $state<Edition>(resolveEdition());

// Until the first page has hydrated, a prerendered page's structure must match the HTML built with the default edition.
let hydrated = $state(false);

export const edition = {
	get current(): Edition {
		return current;
	},
	/**
	 * For the parts of a prerendered page whose shape depends on the edition (the course home's lesson list and
	 * signals): the default edition while the page hydrates over HTML built with it, then the learner's. Without it a
	 * learner of the other edition gets a hydration mismatch, and the page is rebuilt.
	 */
	get shown(): Edition {
		return hydrated ? current : defaultEdition;
	},
	/** The app has hydrated (the root layout is mounted): `shown` follows `current` from now on. */
	hydrated(): void {
		hydrated = true;
	},
	set(next: Edition): void {
		if (typeof window !== 'undefined') writeItem(editionStorageKey, next);
		current = next;
	},
	all: editions
};
