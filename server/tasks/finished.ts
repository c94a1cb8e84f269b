// The finished task a task.finished handler decides on: the one the event carries (the session read
// it to store the answer), else the row. Several domains react to every answer; in a boot storm each
// reading the row again was a round trip apiece.
import { db } from "../db";
import type { FinishedTask, TaskFinishedEvent } from "../events/session-events";

export async function finishedTask(event: TaskFinishedEvent): Promise<FinishedTask | null> {
  if (event.task) return event.task;
  return db().task.findUnique({
    where: { id: event.taskId },
    select: { createdBy: true, name: true, request: true, sentAt: true },
  });
}
