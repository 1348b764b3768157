/** A lesson's data as its step machine needs it: the shape of the machine, and the judge over real snapshots. */
import type { RoomShield } from '../device/trust';
import type { LessonJudge, LessonShape } from './lesson.machine';
import type { Lesson, LessonView } from './types';
import { joinedRooms, shieldOf } from './view';

export function shapeOf(lesson: Lesson): LessonShape {
	return {
		id: lesson.id,
		steps: lesson.steps.map((s) => ({
			id: s.id,
			alternatives: s.alternatives?.map((a) => a.id),
			mistakes: (s.mistakes ?? []).map((mk) => ({ id: mk.id, retryFrom: mk.rebuild?.retryFrom }))
		}))
	};
}

/** The room shields (not "none") on every device of the learner. */
export function shieldsSeen(view: LessonView): RoomShield[] {
	const seen = new Set<RoomShield>();
	for (const d of view.snapshot.devices) {
		if (d.userId !== view.learner) continue;
		for (const room of joinedRooms(view, d.deviceId)) {
			const s = shieldOf(room);
			if (s && s !== 'none') seen.add(s);
		}
	}
	return [...seen];
}

export function lessonJudge(lesson: Lesson): LessonJudge<LessonView> {
	return {
		done: (step, view) => lesson.steps[step]?.done(view) ?? false,
		alternative: (step, id, view) =>
			lesson.steps[step]?.alternatives?.find((a) => a.id === id)?.done(view) ?? false,
		mistake: (step, id, view) => {
			const found = lesson.steps[step]?.mistakes?.find((mk) => mk.id === id)?.happened(view);
			return found ? found : undefined;
		},
		shields: shieldsSeen
	};
}
