import table from "./inference-profile-regions.json";
import type { ProfileRegions } from "./schema";

/** The shipped destination regions of geographic inference profiles, by prefix (`us`, `eu`, …). */
export const DEFAULT_PROFILE_REGIONS: ProfileRegions = (({ about: _about, ...regions }) => regions)(table);
