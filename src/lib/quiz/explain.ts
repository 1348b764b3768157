/**
 * Explanations for situation answers, built from what the world computed (answer-key.json) — so that, like the
 * answer, the "why" can never disagree with the shield rules.
 */
import { m } from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import { displayName, listOfNames, type Story } from './situations';
import type { SituationAnswer, Text } from './types';

export function explainSituation(answer: SituationAnswer, story: Story, after: number): Text {
	return (locale) => {
		const o = { locale };
		const loc: Locale = locale ?? getLocale();
		const steps = story.steps.slice(0, after);
		const parts: string[] = [];

		if (answer.of === 'member') {
			const person = displayName(answer.who);
			if (answer.shield === 'verified') parts.push(m.quiz_why_member_verified({ person }, o));
			else if (answer.wasVerified) parts.push(m.quiz_why_member_was_verified({ person }, o));
			else if (answer.shield === 'warning') parts.push(m.quiz_why_member_unsigned({ person }, o));
			else {
				parts.push(m.quiz_why_member_normal({ person }, o));
				const changedTheirDevices = steps.some(
					(s) => (s.do === 'newDevice' || s.do === 'resetIdentity') && s.who === answer.who
				);
				if (changedTheirDevices) parts.push(m.quiz_why_note_never_red({}, o));
			}
			return parts.join(' ');
		}

		switch (answer.shield) {
			case 'none':
				parts.push(m.quiz_why_room_none({}, o));
				break;
			case 'verified':
				parts.push(
					story.room.kind === 'solo' ? m.quiz_why_room_verified_solo({}, o) : m.quiz_why_room_verified({}, o)
				);
				break;
			case 'normal':
				parts.push(
					m.quiz_why_room_normal({ people: listOfNames(answer.unverified.map(displayName), loc) }, o)
				);
				break;
			case 'warning':
				parts.push(m.quiz_why_room_warning({}, o));
				for (const c of answer.culprits) {
					const person = displayName(c.who);
					if (c.reason === 'identity-changed') parts.push(m.quiz_why_culprit_identity({ person }, o));
					else if (c.reason === 'unsigned-device') parts.push(m.quiz_why_culprit_device({ person }, o));
					else parts.push(m.quiz_why_culprit_own({}, o));
				}
				break;
		}

		// Why a tempting wrong answer is wrong, when the steps set that trap.
		const myUnverifiedDevice = steps.some(
			(s) =>
				s.do === 'newDevice' &&
				s.who === 'me' &&
				!steps.some(
					(t) => (t.do === 'selfVerify' || t.do === 'signOut') && t.who === 'me' && t.device === s.device
				)
		);
		const ownCulprit = answer.culprits.some((c) => c.who === 'me');
		if (myUnverifiedDevice && !ownCulprit && story.room.kind !== 'solo' && answer.shield !== 'none') {
			parts.push(
				story.room.kind === 'dm' ? m.quiz_why_note_own_dm({}, o) : m.quiz_why_note_own_nobody_verified({}, o)
			);
		}
		const withdrawn = steps.flatMap((s) =>
			s.do === 'withdraw' && answer.unverified.includes(s.who) ? [s.who] : []
		);
		for (const who of withdrawn) parts.push(m.quiz_why_note_withdrawn({ person: displayName(who) }, o));
		const strangerChanged = steps.some(
			(s) =>
				(s.do === 'newDevice' || s.do === 'resetIdentity') &&
				s.who !== 'me' &&
				answer.unverified.includes(s.who) &&
				!withdrawn.includes(s.who) &&
				!answer.culprits.some((c) => c.who === s.who)
		);
		if (strangerChanged) parts.push(m.quiz_why_note_never_red({}, o));
		return parts.join(' ');
	};
}
