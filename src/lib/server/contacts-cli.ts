/**
 * `npm run contacts`: the course's scripted contacts (Bob, Carol) as users of a Matrix homeserver — the classroom
 * server (which starts them itself) or any other that speaks the Client-Server API, such as a university's Synapse
 * with registration tokens. They register the first time (with the token, when the server asks for one), keep their
 * accounts and Security Keys in `DIR/contacts.json`, and come back as the same people on the next start.
 *
 *   npm run contacts -- --homeserver URL [--registration-token T] [--data DIR] [--personas bob,carol] [--locale en]
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LOCALES, type Locale } from '../contacts';
import {
	HOMESERVER_PERSONAS,
	HomeserverContacts,
	isHomeserverPersona,
	type HomeserverPersonaKind
} from '../contacts/on-homeserver';
import { CONTACTS_FILE, fileCredentials } from './contact-credentials';

const USAGE = `Usage: npm run contacts -- --homeserver URL [--registration-token T] [--data DIR]
                            [--personas ${HOMESERVER_PERSONAS.join(',')}] [--locale ${LOCALES.join('|')}] [--pace 1]

  --homeserver URL          the homeserver's client address, e.g. https://matrix.example.org
  --registration-token T    the token /register asks for (Synapse: an admin creates it; the classroom: the workshop code)
  --data DIR                where the contacts keep their accounts (default ./contacts-data)
  --personas LIST           which contacts (default ${HOMESERVER_PERSONAS.join(',')})
  --locale en|de            the language they write in (default en)
  --pace N                  how fast they react: 1 is a person's pace (default), 0.5 twice as fast
`;

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			homeserver: { type: 'string' },
			'registration-token': { type: 'string' },
			data: { type: 'string', default: 'contacts-data' },
			personas: { type: 'string', default: HOMESERVER_PERSONAS.join(',') },
			locale: { type: 'string', default: 'en' },
			pace: { type: 'string', default: '1' },
			help: { type: 'boolean', short: 'h', default: false }
		},
		strict: true
	});
	if (values.help) {
		console.log(USAGE);
		return;
	}
	if (!values.homeserver) throw new UsageError('--homeserver is required.');
	let homeserver: URL;
	try {
		homeserver = new URL(values.homeserver);
	} catch {
		throw new UsageError(`--homeserver: not a URL: ${values.homeserver}`);
	}
	const kinds = values.personas.split(',').map((k) => k.trim());
	const unknown = kinds.filter((k) => !isHomeserverPersona(k));
	if (unknown.length > 0) throw new UsageError(`--personas: unknown ${unknown.join(', ')}.`);
	if (!(LOCALES as readonly string[]).includes(values.locale))
		throw new UsageError(`--locale: one of ${LOCALES.join(', ')}.`);
	const pace = Number(values.pace);
	if (!(pace > 0 && pace <= 10)) throw new UsageError('--pace: a number above 0.');

	const dataDir = resolve(values.data);
	mkdirSync(dataDir, { recursive: true });
	const contacts = await HomeserverContacts.start({
		homeserver: homeserver.href.replace(/\/+$/, ''),
		registrationToken: values['registration-token'],
		personas: (kinds as HomeserverPersonaKind[]).map((kind) =>
			kind === 'carol' ? { kind, options: { firstRequest: 'decline' } } : { kind }
		),
		credentials: fileCredentials(join(dataDir, CONTACTS_FILE)),
		locale: values.locale as Locale,
		pace,
		log: (line) => console.warn(line)
	});
	console.log(`Contacts on ${homeserver.origin}:`);
	for (const p of contacts.personas)
		console.log(`  ${p.displayName}: ${p.userId} (device ${p.device.deviceId})`);
	console.log(`Accounts kept in ${join(dataDir, CONTACTS_FILE)}. Stop with Ctrl+C.`);
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.on(signal, () => {
			void contacts.close().then(() => process.exit(0));
		});
	}
}

class UsageError extends Error {}

main().catch((e: unknown) => {
	console.error(e instanceof Error ? e.message : e);
	if (
		e instanceof UsageError ||
		(e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))
	)
		console.error(USAGE);
	process.exit(1);
});
