// Audience reports (lib/audience/report-api.ts): every figure summed from published cells only
// (AudienceHourCell, AudienceDayCell, AudiencePanelDay), suppressed cells reported as "fewer than k";
// the rules are in cells.ts. The router (server/api/routers/audience.ts) calls exactly these.
export { channelRanking } from "./ranking";
export { daypartHeatmap } from "./heatmap";
export { audienceTrend } from "./trend";
export { audienceBreakdown } from "./breakdown";
export { programmeSlot } from "./slot";
export { audienceOptions, type AudienceOptions } from "./options";
