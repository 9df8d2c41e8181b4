import { useQuery } from '@tanstack/react-query';
import { get } from '../../app/api';
import type { Committee, MeetingDetail, MeetingResult, Turnout } from './governance-types';

/** GET /api/v1/estates/:id/committee: the estate's committee record with `required` and `stage`. */
export function useCommittee(estateId: string | undefined) {
  return useQuery({
    queryKey: ['committee', estateId],
    queryFn: () => get<Committee>(`/api/v1/estates/${estateId}/committee`),
    enabled: !!estateId,
  });
}

/** GET /api/v1/meetings/:id: the meeting, its motions and totals (a resident also gets its own ballot). */
export function useMeeting(id: string | undefined) {
  return useQuery({
    queryKey: ['meetings', id],
    queryFn: () => get<MeetingDetail>(`/api/v1/meetings/${id}`),
    enabled: !!id,
  });
}

/** How often the committee's live turnout is refreshed while a meeting is open. */
export const TURNOUT_REFRESH_MS = 5000;

/** GET /api/v1/meetings/:id/turnout, refreshed every few seconds while the meeting is open. */
export function useTurnout(id: string | undefined, open: boolean) {
  return useQuery({
    queryKey: ['meetings', id, 'turnout'],
    queryFn: () => get<Turnout>(`/api/v1/meetings/${id}/turnout`),
    enabled: !!id,
    refetchInterval: open ? TURNOUT_REFRESH_MS : false,
  });
}

/** GET /api/v1/meetings/:id/result: the stored results of a closed meeting. */
export function useMeetingResult(id: string | undefined, closed: boolean) {
  return useQuery({
    queryKey: ['meetings', id, 'result'],
    queryFn: () => get<MeetingResult>(`/api/v1/meetings/${id}/result`),
    enabled: !!id && closed,
  });
}
