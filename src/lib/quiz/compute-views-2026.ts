/**
 * Plays the 2026 quiz's stories in real worlds and reads what today's Element shows, through the 2026 client's own
 * pure rules (`edition-view.ts`), to make (and check) views-2026.json. Build- and test-time only.
 */
import { composerHint, identityBanners, roomHeaderBadge } from '../components/element/edition-view';
import { playStory, type PlayedStory } from './compute-answers';
import { peopleOf, type Person } from './situations';
import { viewKey, type Header2026, type Story2026, type View2026, type Views2026 } from './stories-2026';

async function readView(
	story: Story2026,
	{ world, me, roomId, userId, whoOf }: PlayedStory
): Promise<View2026> {
	const trust = await world.trust(me, roomId);
	const room = me.roomView(roomId);
	if (!room) throw new Error(`The learner is not in the room of story ${story.id}.`);
	const encrypted = !!room.encryption;
	const badge = roomHeaderBadge('2026', { isDirect: room.isDirect, shield: trust.room.shield });
	if (badge?.kind === 'shield') throw new Error('The 2026 header never shows a classic shield.');
	const header: Header2026 = badge?.kind ?? 'none';
	const members: Partial<Record<Person, View2026['members'][Person]>> = {};
	for (const p of peopleOf(story)) {
		const member = trust.members[userId(p)];
		if (member) members[p] = member.shield;
	}
	const [first] = identityBanners('2026', trust.members);
	const action = first?.action;
	if (action === 'ok') throw new Error('The 2026 banner has no "OK".');
	const banner = first && action ? { who: whoOf(first.userId), action } : null;
	return {
		isDirect: room.isDirect,
		encrypted,
		shield: trust.room.shield,
		header,
		untrustedBy: trust.room.culprits.map((c) => ({ who: whoOf(c.userId), reason: c.reason })),
		composer: composerHint('2026', encrypted),
		members,
		banner,
		notices: room.timeline.flatMap((e) => (e.utd ? [{ who: whoOf(e.sender), reason: e.utd.reason }] : []))
	};
}

/** Plays one story and returns the views asked of it (`wanted`: the `story@after` keys). */
export async function runStory2026(story: Story2026, wanted: readonly string[]): Promise<Views2026> {
	const views: Views2026 = {};
	await playStory(story, async (after, played) => {
		const key = viewKey(story.id, after);
		if (wanted.includes(key)) views[key] = await readView(story, played);
	});
	return views;
}
