/**
 * Building the crowd: many people, each with a real device and real keys, joining one encrypted room. It runs in
 * the background (it takes seconds for 200 people), reports progress, and gives the event loop a turn after each
 * person, so the world's worker keeps answering the page meanwhile.
 */
import type { SimDevice } from '../device/sim-device';

const FIRST = [
	'Anna',
	'Ben',
	'Chiara',
	'Deniz',
	'Elif',
	'Felix',
	'Greta',
	'Hannes',
	'Ida',
	'Jonas',
	'Kemal',
	'Lea',
	'Malte',
	'Nora',
	'Oskar',
	'Paula',
	'Quentin',
	'Rosa',
	'Sami',
	'Tilda',
	'Ugo',
	'Vera',
	'Wim',
	'Xenia',
	'Yusuf',
	'Zoe',
	'Amira',
	'Bruno',
	'Carla',
	'David'
];
const LAST = [
	'Schmidt',
	'Okafor',
	'Novak',
	'Rossi',
	'Yilmaz',
	'Berg',
	'Costa',
	'Meyer',
	'Lindqvist',
	'Haddad',
	'Kowalski',
	'Fischer',
	'Dubois',
	'Tanaka',
	'Weber',
	'Moreau',
	'Jansen',
	'Petrov',
	'Silva',
	'Wagner'
];

/** The n-th person of the crowd (deterministic, so a scenario looks the same every time). */
export function crowdPerson(n: number): { localpart: string; displayName: string } {
	const first = FIRST[n % FIRST.length]!;
	// Neighbours get different family names (not thirty Schmidts in a row); each pair still comes once in a round.
	const last = LAST[(n + Math.floor(n / FIRST.length)) % LAST.length]!;
	const round = Math.floor(n / (FIRST.length * LAST.length));
	const suffix = round > 0 ? String(round + 1) : '';
	return {
		localpart: `${first}.${last}${suffix}`.toLowerCase(),
		displayName: `${first} ${last}${suffix ? ` ${suffix}` : ''}`
	};
}

/** Gives the event loop a turn (the worker answers the page, the UI sees progress). */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface CrowdBuilder {
	/** Creates one person with one device that tracks only the learner. */
	addPerson(index: number): Promise<SimDevice>;
	progress(phase: 'creating' | 'joining', done: number, total: number): void;
	learnerId: string | undefined;
	roomName: string;
}

/** How many crowd members are made (and join) at once. */
const CROWD_BATCH = 4;

/**
 * Creates `size` people, then an encrypted room (made by the first of them) that everyone joins; the learner is
 * invited. Returns the room and the members' devices.
 */
export async function buildCrowd(
	size: number,
	builder: CrowdBuilder,
	first?: SimDevice
): Promise<{ roomId: string; members: SimDevice[] }> {
	const members: SimDevice[] = first ? [first] : [];
	builder.progress('creating', members.length, size);
	while (members.length < size) {
		// A few at a time: each mostly waits on its own crypto store, so the waits overlap (they come in order).
		const base = members.length;
		let made = base;
		const batch = Array.from({ length: Math.min(CROWD_BATCH, size - base) }, (_, i) =>
			builder.addPerson(base + i).then((member) => {
				builder.progress('creating', ++made, size);
				return member;
			})
		);
		members.push(...(await Promise.all(batch)));
		await yieldToEventLoop();
	}
	const [host, ...rest] = members;
	if (!host) throw new Error('A crowd needs at least one person.');
	const invite = rest.map((m) => m.userId);
	if (builder.learnerId) invite.unshift(builder.learnerId);
	const roomId = await host.createRoom({ name: builder.roomName, encrypted: true, invite });
	builder.progress('joining', 1, size);
	let joined = 1;
	for (let i = 0; i < rest.length; i += CROWD_BATCH) {
		await Promise.all(
			rest.slice(i, i + CROWD_BATCH).map(async (member) => {
				await member.join(roomId);
				builder.progress('joining', ++joined, size);
			})
		);
		await yieldToEventLoop();
	}
	return { roomId, members };
}
