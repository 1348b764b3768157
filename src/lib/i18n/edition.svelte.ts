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

export const edition = {
	get current(): Edition {
		return current;
	},
	set(next: Edition): void {
		if (typeof window !== 'undefined') writeItem(editionStorageKey, next);
		current = next;
	},
	all: editions
};
