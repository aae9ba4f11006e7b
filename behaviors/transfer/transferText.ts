import type { BilingualText } from '../core/index.js';
import type { TransferDirection } from './transferInput.js';

/** What the robot says and tells the caregiver during a transfer, in Mandarin and English. */
export const TRANSFER_TEXT = {
  consent: (direction: TransferDirection): BilingualText =>
    direction === 'bed_to_wheelchair'
      ? { zh: '我要把您从床上移到轮椅上，可以吗？请说“好”或“不”。', en: 'I am going to move you from the bed to the wheelchair. Is that all right? Please say yes or no.' }
      : { zh: '我要把您从轮椅上移到床上，可以吗？请说“好”或“不”。', en: 'I am going to move you from the wheelchair to the bed. Is that all right? Please say yes or no.' },
  caregiver: { zh: '请护理人员到场，并说“继续”确认。', en: 'Caregiver, please come to the bed and say "confirm".' },
  bedHeight: { zh: '请护理人员确认床的高度合适。', en: 'Caregiver, please confirm the bed is at the right height.' },
  brakes: { zh: '请护理人员确认轮椅刹车已锁好。', en: 'Caregiver, please confirm the wheelchair brakes are on.' },
  approveLift: { zh: '准备好抬起患者。护理人员，请说“继续”。', en: 'Ready to lift the patient. Caregiver, say "confirm" to go on.' },
  approveCarry: { zh: '患者已抬起并稳定。护理人员，请说“继续”开始移送。', en: 'The patient is lifted and steady. Caregiver, say "confirm" to carry.' },
  approveLower: { zh: '已到达目的位置。护理人员，请说“继续”放下患者。', en: 'We are over the destination. Caregiver, say "confirm" to set the patient down.' },
  lowering: { zh: '我现在慢慢把您放下，请不要动。', en: 'I am lowering you slowly now. Please keep still.' },
  lowered: { zh: '您已安全放回原处。护理人员，请说“继续”让我把手臂抽出。', en: 'You are safely back on the support. Caregiver, say "confirm" and I will withdraw my arms.' },
  held: { zh: '安全停止，我保持不动。护理人员马上就来。', en: 'Safety stop: I am holding still. A caregiver is on the way.' },
  interrupted: { zh: '好的，我停下了。护理人员，请说“继续”让我收回手臂。', en: 'All right, I have stopped. Caregiver, say "confirm" and I will withdraw my arms.' },
  declined: { zh: '好的，我们不移动了。', en: 'All right, we will not move.' },
  notReady: { zh: '准备条件未满足，本次不进行转移。', en: 'The preconditions were not met; no transfer this time.' },
  done: { zh: '转移完成。', en: 'The transfer is complete.' },
} as const;

/** What the caregiver is told when a transfer stops with the patient on the robot, in both languages. */
export const TRANSFER_ALERT = {
  held: (code: string): BilingualText => ({
    zh: `转移机器人安全停止（${code}），患者在机器人手臂上，由制动器保持。请立即到场。`,
    en: `The transfer robot stopped for safety (${code}) with the patient on its arms, held by its brakes. Please come at once.`,
  }),
  lowered: (why: string): BilingualText => ({
    zh: `转移中止（${why}），患者已被缓慢放回支撑面。请到场查看。`,
    en: `The transfer stopped (${why}); the patient was lowered slowly onto the support. Please come and check.`,
  }),
} as const;
