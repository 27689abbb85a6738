import { describe, expect, it } from "vitest";
import { JOB_NAMES, jobPayloadSchemas } from "@/server/jobs/catalogue";
import { allJobs } from ".";

describe("job catalogue", () => {
  it("has one definition per catalogued job, parsing the catalogue's payload schema", () => {
    expect(allJobs.map((d) => d.id).sort()).toEqual([...JOB_NAMES].sort());
    for (const name of JOB_NAMES) expect(allJobs.find((d) => d.id === name)?.payload).toBe(jobPayloadSchemas[name]);
  });
});
