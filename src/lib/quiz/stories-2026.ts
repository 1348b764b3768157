/**
 * The 2026 quiz's stories: what people do, played in real worlds (compute-views-2026.ts), and what today's Element
 * then shows the learner — read through the same pure rules the 2026 client draws with (`edition-view.ts`). The
 * answers are NOT written here: views-2026.json is what the worlds showed, and views-2026.test.ts checks it.
 */
import type { MemberShield, RoomShield } from '../device/trust';
import type { UtdReason } from '../device/types';
import type { ComposerHint } from '../components/element/edition-view';
import type { Person, PlayStep, StoryRoom } from './situations';

export interface Story2026 {
	id: string;
	room: StoryRoom;
	steps: PlayStep[];
	/** "Exclude insecure devices" on for the learner from the start. */
	excludeInsecureDevices?: boolean;
}

export const STORIES_2026: readonly Story2026[] = [
	{
		// A DM with Bob: not verified, verified, his unverified tablet, the tablet verified.
		id: 'dm',
		room: { kind: 'dm', with: 'bob' },
		steps: [
			{ do: 'verify', who: 'bob' },
			{ do: 'newDevice', who: 'bob', device: 'tablet' },
			{ do: 'selfVerify', who: 'bob', device: 'tablet' }
		]
	},
	{
		// A group where everyone is verified; then Dave signs in on a tablet he does not verify.
		id: 'team',
		room: { kind: 'group', name: 'project', encrypted: true, members: ['bob', 'carol', 'dave'] },
		steps: [
			{ do: 'verify', who: 'bob' },
			{ do: 'verify', who: 'carol' },
			{ do: 'verify', who: 'dave' },
			{ do: 'newDevice', who: 'dave', device: 'tablet' }
		]
	},
	{
		// Two people reset their digital identity: Erin, whom you never verified, then Carol, whom you had.
		id: 'resets',
		room: { kind: 'group', name: 'book-club', encrypted: true, members: ['carol', 'erin'] },
		steps: [
			{ do: 'verify', who: 'carol' },
			{ do: 'resetIdentity', who: 'erin' },
			{ do: 'resetIdentity', who: 'carol' }
		]
	},
	{
		// "Exclude insecure devices" on: Dave writes from a tablet he has not verified.
		id: 'insecure',
		room: { kind: 'group', name: 'neighbours', encrypted: true, members: ['dave'] },
		excludeInsecureDevices: true,
		steps: [
			{ do: 'newDevice', who: 'dave', device: 'tablet' },
			{ do: 'send', who: 'dave', device: 'tablet' }
		]
	},
	{
		// A group room without encryption.
		id: 'lobby',
		room: { kind: 'group', name: 'lobby', encrypted: false, members: ['bob'] },
		steps: []
	}
];

/** What the DM header shows beside the name in today's Element. */
export type Header2026 = 'verified' | 'untrusted' | 'none';

/** What the learner's 2026 client shows in a story's room after some of its steps (views-2026.json). */
export interface View2026 {
	isDirect: boolean;
	encrypted: boolean;
	/** The world's room shield, which the 2026 client never draws on a group: what the header rule reads. */
	shield: RoomShield;
	/** `roomHeaderBadge('2026', …)`. */
	header: Header2026;
	/** Who makes the room red, and why (the same culprits the classic red shield names). */
	untrustedBy: { who: string; reason: string }[];
	/** `composerHint('2026', encrypted)`. */
	composer: ComposerHint;
	/** The member list's badge of each other member (unchanged in today's Element). */
	members: Partial<Record<Person, MemberShield>>;
	/** `identityBanners('2026', …)`: the one banner above the composer, if any. */
	banner: { who: string; action: 'withdraw' | 'dismiss' } | null;
	/** Messages the learner's device cannot read, with the sender and why (`utd.reason`). */
	notices: { who: string; reason: UtdReason }[];
}

export type Views2026 = Record<string, View2026>;

/** A view's key: `story@after`. */
export const viewKey = (story: string, after: number): string => `${story}@${after}`;

/** The views the questions read, each `story@after`: views-2026.json holds exactly these. */
export const VIEWS_ASKED_2026: readonly string[] = [
	'dm@0',
	'dm@1',
	'dm@2',
	'dm@3',
	'team@3',
	'team@4',
	'resets@2',
	'resets@3',
	'insecure@2',
	'lobby@0',
	'team@0'
];
