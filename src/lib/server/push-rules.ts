/**
 * The push rules every account starts with (spec: "Push Notifications", predefined rules), served by
 * `GET /pushrules/`. Clients read them to decide what notifies; this server sends no push notifications, and
 * rules cannot be changed yet.
 */
const rule = (ruleId: string, conditions: Record<string, unknown>[], actions: unknown[], enabled = true) => ({
	rule_id: ruleId,
	default: true,
	enabled,
	conditions,
	actions
});
const event = (key: string, pattern: string) => ({ kind: 'event_match', key, pattern });
const notify = ['notify', { set_tweak: 'sound', value: 'default' }];

/** The predefined rules for one user (some name the user). */
export const pushRulesFor = (userId: string) => ({
	global: {
		override: [
			rule('.m.rule.master', [], [], false),
			rule('.m.rule.suppress_notices', [event('content.msgtype', 'm.notice')], []),
			rule(
				'.m.rule.invite_for_me',
				[event('type', 'm.room.member'), event('content.membership', 'invite'), event('state_key', userId)],
				notify
			),
			rule('.m.rule.member_event', [event('type', 'm.room.member')], []),
			rule(
				'.m.rule.is_user_mention',
				[{ kind: 'event_property_contains', key: 'content.m\\.mentions.user_ids', value: userId }],
				[...notify, { set_tweak: 'highlight' }]
			),
			rule(
				'.m.rule.tombstone',
				[event('type', 'm.room.tombstone'), event('state_key', '')],
				['notify', { set_tweak: 'highlight' }]
			),
			rule('.m.rule.reaction', [event('type', 'm.reaction')], [])
		],
		content: [],
		room: [],
		sender: [],
		underride: [
			rule(
				'.m.rule.call',
				[event('type', 'm.call.invite')],
				['notify', { set_tweak: 'sound', value: 'ring' }]
			),
			rule(
				'.m.rule.encrypted_room_one_to_one',
				[{ kind: 'room_member_count', is: '2' }, event('type', 'm.room.encrypted')],
				notify
			),
			rule(
				'.m.rule.room_one_to_one',
				[{ kind: 'room_member_count', is: '2' }, event('type', 'm.room.message')],
				notify
			),
			rule('.m.rule.message', [event('type', 'm.room.message')], ['notify']),
			rule('.m.rule.encrypted', [event('type', 'm.room.encrypted')], ['notify'])
		]
	}
});
