import type { ZCommittee, ZCommitteeStats, ZMeeting, ZMeetingResult, ZMotionResult } from '@rp/contract';
import type { z } from 'zod';
import type { ManagementMode } from '../../app/types';

// Answers of the governance API (server/src/domains/governance), from the contract's schemas where it declares one.
export type Committee = z.infer<typeof ZCommittee>;
export type CommitteeStats = z.infer<typeof ZCommitteeStats>;
export type Meeting = z.infer<typeof ZMeeting>;
export type MeetingResult = z.infer<typeof ZMeetingResult>;
export type MotionResult = z.infer<typeof ZMotionResult>;
export type Tally = MotionResult['totals'];
export type Choice = 'for' | 'against' | 'abstain';
export type Channel = 'online' | 'paper' | 'door_to_door';

/** GET /api/v1/committees (governance.service committeeBreakdown). */
export interface CommitteeBreakdown {
  streets: { streetId: string; name: string; required: number; established: number; coverage: number | null }[];
  estates: {
    estateId: string;
    name: string;
    communityName: string;
    streetName: string;
    managementMode: ManagementMode;
    dwellings: number;
    delivered: number;
    required: boolean;
    stage: Committee['stage'];
  }[];
}

/** GET /api/v1/meetings/:id (governance.service getMeeting): a resident also gets its own current ballot. */
export interface MeetingDetail extends Meeting {
  myBallot: { choices: Record<string, Choice>; channel: Channel; castAt: string } | null;
  results: MeetingResult | null;
}

/** GET /api/v1/meetings/:id/turnout (governance.service meetingTurnout). */
export interface Turnout {
  status: 'open' | 'closed';
  participating: Tally;
  totals: Tally;
  byChannel: Record<Channel, number>;
  areaShare: number;
  headShare: number;
}

/** POST /api/v1/meetings/:id/ballots answer. */
export interface BallotAnswer {
  id: string;
  subjectKey: string;
  channel: Channel;
  enteredBy: string;
  castAt: string;
  replaced: boolean;
  choices: Record<string, Choice>;
}
