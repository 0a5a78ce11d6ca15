import { Hono } from 'hono';
import type { Clock } from '../../../clock/clock.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { refuseOtherMethods } from '../../../http/method-not-allowed.js';
import { readJsonBody, uuidParam } from '../../../http/request.js';
import type { Random } from '../../../random.js';
import type { MessageOutbox } from '../../api-dialect.js';
import { ChannelMessageInputSchema, planChannelMessage } from '../channel-messages.js';
import { makeChannel, platformForUnknownChannel, type ChannelStore } from '../channel-store.js';
import { scopeOf, type ScopeVariables } from './scope.js';

export interface ChannelMessageRoutesOptions {
  channels: ChannelStore;
  outbox: MessageOutbox;
  clock: Clock;
  random: Random;
}

/**
 * `POST /workspaces/{workspaceId}/channels/{channelId}/messages`: answers 202 with Bird's message
 * object ("Message was accepted for processing"), then the message's `<platform>.outbound` status
 * events reach the workspace's matching subscriptions on the emulator clock. Mount under the
 * workspace scope (`workspaceScope` has checked the workspace id and the access key).
 */
export function channelMessageRoutes({
  channels,
  outbox,
  clock,
  random,
}: ChannelMessageRoutesOptions): Hono<{ Variables: ScopeVariables }> {
  const app = new Hono<{ Variables: ScopeVariables }>();
  const path = '/channels/:channelId/messages';

  app.post(path, async (c) => {
    const channelId = uuidParam(c, 'channelId');
    const input = parseOrThrow(ChannelMessageInputSchema, await readJsonBody(c), '.body');
    const now = clock.now();
    const channel =
      channels.get(channelId) ??
      (await channels.ensure(
        makeChannel({ id: channelId, platform: platformForUnknownChannel(input.receiver.contacts), source: 'first-use' }, random, now),
      ));
    const message = planChannelMessage(input, {
      random,
      now,
      stepMs: outbox.stepMs,
      workspaceId: scopeOf(c).workspaceId,
      channel,
      outcomeFor: (name, address) => outbox.outcomeFor(name, address),
    });
    const sent = await outbox.send(message);
    // The answer is the message as accepted: the payload its first status event carries.
    return c.json(sent.steps[0]?.payload ?? {}, 202);
  });
  refuseOtherMethods(app, path, ['POST']);
  return app;
}
