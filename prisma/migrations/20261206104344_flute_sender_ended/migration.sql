-- When a FLUTE session's sender stopped and wrote its final counters. A wave ends its session in its
-- own transaction; the node sending it stops at its runner's next tick (up to 2 s later) and writes the
-- last figures then, so "done" alone did not mean the counters were final.
-- AlterTable
ALTER TABLE "FluteSession" ADD COLUMN     "senderEndedAt" TIMESTAMP(3);

