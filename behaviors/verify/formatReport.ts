import type { BilingualText } from '../core/conventions.js';
import type { ProblemKind, VerifyReport } from './VerifyReport.js';

/** Short bilingual names of the problem kinds, for the report's headings. */
export const PROBLEM_LABELS: Readonly<Record<ProblemKind, BilingualText>> = {
  safety_unhandled: { en: 'safety event not handled', zh: '未处理安全事件' },
  unsafe_after_safety: { en: 'not safe after a stop', zh: '停止后不安全' },
  safety_bound_exceeded: { en: 'safe state not reached within the bound', zh: '未在限定步数内到达安全状态' },
  resumed_without_clear: { en: 'motion resumed without safety.cleared', zh: '未经复位即恢复运动' },
  dead_end: { en: 'dead end', zh: '死锁状态' },
  final_not_safe: { en: 'finishes in a state not safe', zh: '结束状态不安全' },
  actor_not_cancelled: { en: 'child actor not cancelled on exit', zh: '退出时子 actor 未取消' },
  actor_error_unhandled: { en: 'actor failure not handled', zh: '未处理 actor 失败' },
  actor_not_swappable: { en: 'actor given inline', zh: 'actor 为内联逻辑' },
  transition_error: { en: 'transition failed', zh: '转移失败' },
  pause_unhandled: { en: 'pause does not work', zh: '暂停无效' },
  resume_unhandled: { en: 'resume does not work', zh: '恢复无效' },
  tag_conflict: { en: 'tags contradict the behaviour', zh: '标签与行为矛盾' },
  replay_diverged: { en: 'real actor diverged from the exploration', zh: '真实 actor 与探索结果不一致' },
  exploration_incomplete: { en: 'exploration incomplete', zh: '探索不完整' },
};

/**
 * The report as text for a terminal: a verdict line in Mandarin then English, then each problem
 * with its kind, state, the path of events that reproduces it, and the explanation in both
 * languages; warnings for depth-limited exploration and skipped replays. `kindred behavior verify`
 * prints this and exits 1 unless `report.ok`.
 */
export function formatReport(report: VerifyReport): string {
  const r = report;
  const lines: string[] = [];
  const zhFacts = `已探索 ${r.statesVisited} 个状态、${r.transitions} 个转移（最深 ${r.depthReached} 步），在真实 actor 上重放 ${r.replays} 个转移`;
  const enFacts = `${r.statesVisited} states, ${r.transitions} transitions explored (depth ${r.depthReached}), ${r.replays} transitions replayed on real actors`;
  if (r.ok) {
    lines.push(`✓ 行为 ${r.behaviorId}：验证通过 — ${zhFacts}`);
    lines.push(`✓ behaviour ${r.behaviorId}: verified — ${enFacts}`);
  } else {
    const n = r.problems.length;
    lines.push(`✗ 行为 ${r.behaviorId}：发现 ${n} 个问题 — ${zhFacts}`);
    lines.push(`✗ behaviour ${r.behaviorId}: ${n} problem${n === 1 ? '' : 's'} — ${enFacts}`);
  }
  if (r.beyondMaxDepth > 0) {
    lines.push(`  注意：探索止于 maxDepth（${r.depthReached} 步），另有 ${r.beyondMaxDepth} 个状态未检查`);
    lines.push(`  note: exploration stopped at maxDepth (${r.depthReached}); ${r.beyondMaxDepth} further states were not checked`);
  }
  if (r.replaysSkipped > 0) {
    lines.push(`  注意：超出 maxReplays，${r.replaysSkipped} 个转移未在真实 actor 上重放（纯转移检查已覆盖）`);
    lines.push(`  note: ${r.replaysSkipped} transitions beyond maxReplays were not replayed on a real actor (the pure check covered them)`);
  }
  r.problems.forEach((p, i) => {
    const label = PROBLEM_LABELS[p.kind];
    const path = p.path.length === 0 ? '（初始状态 / initial state）' : p.path.join(' → ');
    lines.push('');
    lines.push(`${i + 1}. ${label.zh} / ${label.en} [${p.kind}]`);
    lines.push(`   状态 state: ${p.state}`);
    lines.push(`   路径 path:  ${path}`);
    lines.push(`   ${p.detail.zh}`);
    lines.push(`   ${p.detail.en}`);
  });
  return `${lines.join('\n')}\n`;
}
