/**
 * Where the contacts keep their accounts between runs: one JSON file (`contacts.json` in the data folder), written
 * whole through a temporary file and a rename, so that a crash never leaves half of it. It holds their passwords
 * and Security Keys: it stays on the machine that runs them, like the rest of the data folder.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { ContactCredentials, SavedContact } from '../contacts/on-homeserver';
import type { PersonaKind } from '../contacts';

export const CONTACTS_FILE = 'contacts.json';

export function fileCredentials(path: string): ContactCredentials {
	let all: Partial<Record<PersonaKind, SavedContact>> = {};
	try {
		all = JSON.parse(readFileSync(path, 'utf8')) as typeof all;
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
	}
	return {
		load: (kind) => all[kind],
		save: (kind, saved) => {
			all = { ...all, [kind]: saved };
			writeFileSync(`${path}.tmp`, JSON.stringify(all, null, '\t'), { mode: 0o600 });
			renameSync(`${path}.tmp`, path);
		}
	};
}
