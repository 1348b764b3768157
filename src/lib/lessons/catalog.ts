/** The course: every lesson in order, with the moves that solve it (for tests, and to bring a learner back). */
import * as firstEncryptedChat from './content/first-encrypted-chat';
import * as secureBackup from './content/secure-backup';
import * as verifyNewDevice from './content/verify-new-device';
import * as createEncryptedRoom from './content/create-encrypted-room';
import * as enableEncryption from './content/enable-encryption';
import * as verifyContact from './content/verify-contact';
import * as verifyGroup from './content/verify-group';
import * as redShield from './content/red-shield';
import * as trustFirst from './content/trust-first';
import * as emojiMismatch from './content/emoji-mismatch';
import * as restoreHistory from './content/restore-history';
import * as qrCode from './content/qr-code';
import * as identityReset from './content/identity-reset';
import * as recoveryKey from './content/recovery-key';
import * as confirmIdentity from './content/confirm-identity';
import * as insecureDevices from './content/insecure-devices';
import * as cantConfirm from './content/cant-confirm';
import type { Edition } from '../edition';
import type { LessonSolution } from './driver';
import { inCourse, type Lesson } from './types';

const MODULES = [
	firstEncryptedChat,
	secureBackup,
	recoveryKey,
	verifyNewDevice,
	confirmIdentity,
	createEncryptedRoom,
	enableEncryption,
	verifyContact,
	verifyGroup,
	redShield,
	trustFirst,
	emojiMismatch,
	restoreHistory,
	qrCode,
	insecureDevices,
	identityReset,
	cantConfirm
];

export const LESSONS: readonly Lesson[] = MODULES.map((mod) => mod.lesson);

export const SOLUTIONS: Readonly<Record<string, LessonSolution>> = Object.fromEntries(
	MODULES.map((mod) => [mod.lesson.id, mod.solution])
);

export const LESSON_IDS: readonly string[] = LESSONS.map((l) => l.id);

export function lessonById(id: string): Lesson | undefined {
	return LESSONS.find((l) => l.id === id);
}

/** The lesson's number in the course (1-based). */
export function lessonNumber(id: string): number {
	return LESSON_IDS.indexOf(id) + 1;
}

/** The course of one Element edition: its lessons in order (a lesson of the other edition only is left out). */
export function lessonsIn(edition: Edition): readonly Lesson[] {
	return LESSONS.filter((l) => inCourse(l, edition));
}
