/**
 * Rewrites a saved history (Temporal's proto-JSON) as if the worker had completed a workflow task right after a local
 * activity's marker and handed the activity's result to the workflow code in a new task: the commands that followed
 * the result move into that next task. The SDK's worker (1.24) records exactly this under load, and replay then hands
 * the result over in the earlier task. A workflow that reads anything task-dependent just after a local activity (a
 * `patched()` marker of the next task, `continueAsNewSuggested`) replays such a history differently from how it ran.
 */

interface JsonEvent {
  eventId: string;
  eventTime: string;
  eventType: string;
  taskId?: string;
  [attributes: string]: unknown;
}
export interface JsonHistory {
  events: JsonEvent[];
}

const WFT_SCHEDULED = 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED';
const WFT_STARTED = 'EVENT_TYPE_WORKFLOW_TASK_STARTED';
const WFT_COMPLETED = 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED';

const isLocalActivityMarker = (e: JsonEvent): boolean =>
  e.eventType === 'EVENT_TYPE_MARKER_RECORDED' &&
  (e.markerRecordedEventAttributes as { markerName?: string } | undefined)?.markerName === 'core_local_activity';

/**
 * Indexes (into `events`) of the local-activity markers after which the same task recorded more commands: the places
 * where the worker can split the task. A marker that ends its task's commands has nothing to move.
 */
export function splitPoints(h: JsonHistory): number[] {
  const points: number[] = [];
  h.events.forEach((e, i) => {
    const next = h.events[i + 1];
    if (isLocalActivityMarker(e) && next && next.eventType !== WFT_SCHEDULED && !isLocalActivityMarker(next)) points.push(i);
  });
  return points;
}

/** Shifts every event id (and every `...EventId` reference) above `after` by `by`. */
function shiftIds(value: unknown, after: number, by: number): unknown {
  if (Array.isArray(value)) return value.map((v) => shiftIds(v, after, by));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      (k === 'eventId' || k.endsWith('EventId')) && typeof v === 'string' && Number(v) > after
        ? String(Number(v) + by)
        : shiftIds(v, after, by);
  }
  return out;
}

/** The history split after the local-activity marker at `index` (one of `splitPoints`). */
export function splitTaskAfter(h: JsonHistory, index: number): JsonHistory {
  const marker = h.events[index]!;
  if (!isLocalActivityMarker(marker)) throw new Error(`event at ${index} is not a local activity marker`);
  const markerId = Number(marker.eventId);
  // The task the marker belongs to: the completed event before it, and the scheduled/started pair before that.
  const before = h.events.slice(0, index).reverse();
  const completed = before.find((e) => e.eventType === WFT_COMPLETED)!;
  const started = before.find((e) => e.eventType === WFT_STARTED)!;
  const scheduled = before.find((e) => e.eventType === WFT_SCHEDULED)!;
  // Commands point at the task that produced them (the real server names its completed event, the time-skipping
  // test server its started event): the moved ones are re-pointed at the new task's matching event.
  const reference = String((marker.markerRecordedEventAttributes as { workflowTaskCompletedEventId: string }).workflowTaskCompletedEventId);
  const shifted = h.events.map((e) => shiftIds(e, markerId, 3) as JsonEvent);
  const at = (n: number) => String(markerId + n);
  const time = marker.eventTime;
  const inserted: JsonEvent[] = [
    { ...clone(scheduled), eventId: at(1), eventTime: time },
    {
      ...clone(started),
      eventId: at(2),
      eventTime: time,
      workflowTaskStartedEventAttributes: { ...(started.workflowTaskStartedEventAttributes as object), scheduledEventId: at(1) },
    },
    {
      ...clone(completed),
      eventId: at(3),
      eventTime: time,
      workflowTaskCompletedEventAttributes: {
        ...(completed.workflowTaskCompletedEventAttributes as object),
        scheduledEventId: at(1),
        startedEventId: at(2),
      },
    },
  ];
  // The commands after the marker now come from the new task.
  const repointed = reference === completed.eventId ? at(3) : reference === started.eventId ? at(2) : reference;
  const moved = shifted.slice(index + 1);
  for (const e of moved) {
    if (e.eventType === WFT_SCHEDULED) break;
    for (const [k, v] of Object.entries(e)) {
      const attrs = v as Record<string, unknown>;
      if (k.endsWith('Attributes') && attrs && typeof attrs === 'object' && attrs.workflowTaskCompletedEventId === reference) {
        attrs.workflowTaskCompletedEventId = repointed;
      }
    }
  }
  return { ...h, events: [...shifted.slice(0, index + 1), ...inserted, ...moved] };
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
