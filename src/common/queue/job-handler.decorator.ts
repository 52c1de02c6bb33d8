import { SetMetadata } from '@nestjs/common';

export const JOB_HANDLER_METADATA = 'teams-connector:job-handler';

/** Marks a provider method as the handler of one catalogue job: `(payload, jobId) => Promise<void>`. */
export const JobHandler = (name: string) => SetMetadata(JOB_HANDLER_METADATA, name);

export type JobHandlerFn = (payload: object, jobId: string) => Promise<void>;
