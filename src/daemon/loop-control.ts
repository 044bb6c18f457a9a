// The one way into a running sync loop from outside (the HTTP API): it reads the state the loop
// last published, and hands the loop steering commands, each answered once the loop has applied
// it between two steps. The loop stays the only writer of its state and of sync-state.json.
import type { DataRules } from '../config/data-rules.js';
import type { LoopState, StepName } from './loop-state.js';
import { applyCommand, type CommandAnswer, type SteeringCommand } from './steering.js';

interface Queued {
  command: SteeringCommand;
  answer: (answer: CommandAnswer) => void;
}

/** Told what the loop does as it happens (the metrics). */
export interface LoopObserver {
  published?(state: LoopState): void;
  stepDone?(step: StepName, ms: number): void;
}

export class LoopControl {
  private queue: Queued[] = [];
  private state: LoopState | undefined;
  private ended = false;
  private readonly observers: LoopObserver[] = [];

  observe(observer: LoopObserver): void {
    this.observers.push(observer);
  }

  /** Whether the loop has ended (stopped, or a one-time run finished). */
  get hasEnded(): boolean {
    return this.ended;
  }

  /** The state as of the loop's last step; undefined before the loop started. */
  get latest(): LoopState | undefined {
    return this.state;
  }

  /** Answered once the loop applied the command (within one tick), or at once if it has ended. */
  submit(command: SteeringCommand): Promise<CommandAnswer> {
    if (this.ended) return Promise.resolve({ ok: false, status: 409, message: 'the sync loop has stopped' });
    return new Promise((answer) => this.queue.push({ command, answer }));
  }

  /** Called by the loop after each step. */
  publish(state: LoopState): void {
    if (state === this.state) return;
    this.state = state;
    for (const observer of this.observers) observer.published?.(state);
  }

  /** Called by the loop after each step, with how long it took. */
  stepDone(step: StepName, ms: number): void {
    for (const observer of this.observers) observer.stepDone?.(step, ms);
  }

  /** Called by the loop between steps: applies every command waiting, in order, and answers each. */
  applyWaiting(state: LoopState, rules: DataRules): LoopState {
    let next = state;
    for (const { command, answer } of this.queue.splice(0)) {
      const result = steer(next, command, rules);
      next = result.state;
      answer(result.answer);
    }
    return next;
  }

  /** Called by the loop when it ends: what is still waiting is refused. */
  end(): void {
    this.ended = true;
    for (const { answer } of this.queue.splice(0)) answer({ ok: false, status: 409, message: 'the sync loop has stopped' });
  }
}

/** The state after a steering command (pure); a change is planned with at once (metaNow). */
export function steer(state: LoopState, command: SteeringCommand, rules: DataRules): { state: LoopState; answer: CommandAnswer } {
  const answer = applyCommand(state.remembered.steering, command, { source: state.catalogs?.source, rules });
  if (!answer.ok || answer.steering === state.remembered.steering) return { state, answer };
  return { state: { ...state, remembered: { ...state.remembered, steering: answer.steering }, metaNow: true }, answer };
}
