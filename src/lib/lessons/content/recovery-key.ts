/**
 * Today's Element only: get your recovery key and confirm it. On the Phone, Settings → Encryption → "Get recovery
 * key": the key is shown, saved, typed back ("Enter your recovery key to confirm") and only then, with "Finish set
 * up", is the key storage made under it. Then, as if the key had been seen by someone, "Change recovery key": the key
 * storage is made anew under a new key, confirmed the same way.
 */
import { m } from '../../paraglide/messages';
import type { LessonSolution } from '../driver';
import { headerOf } from '../outline';
import { ownDevicesScenario, phoneOf, setUpBackup } from '../own-devices';
import { recoveryKeyChanged, recoveryReady } from '../own-devices-2026';
import type { Lesson } from '../types';

export const lesson: Lesson = {
	...headerOf('recovery-key'),
	scenario: (locale) => ownDevicesScenario(locale, { bob: m.l15_history_bob, you: m.l15_history_you }),
	steps: [
		{
			id: 'finish',
			title: m.l15_step_finish_title_2026,
			why: m.l15_step_finish_why_2026,
			hints: [m.l15_step_finish_hint1_2026, m.l15_step_finish_hint2_2026, m.l15_step_finish_hint3_2026],
			// A recovery key exists only once it was confirmed ("Finish set up"); the key storage then holds every key.
			done: (v) => recoveryReady(phoneOf(v))
		},
		{
			id: 'change',
			title: m.l15_step_change_title_2026,
			why: m.l15_step_change_why_2026,
			hints: [m.l15_step_change_hint1_2026, m.l15_step_change_hint2_2026],
			// The key storage was made anew under the new key the learner confirmed, and holds every key again.
			done: (v) => recoveryKeyChanged(phoneOf(v))
		}
	],
	summary: [m.l15_summary_1_2026, m.l15_summary_2_2026, m.l15_summary_3_2026]
};

export const solution: LessonSolution = {
	steps: {
		finish: (d) => setUpBackup(d),
		// "Change recovery key" → the new key → "Continue" → typed back → "Confirm new recovery key".
		change: async (d) => {
			await d.act({ type: 'createSecurityKey' });
			await d.act({ type: 'confirmKeyBackup' });
		}
	}
};
