import type { BenchReceiver, ReceiverStats } from './receiver.js';

/** CPU time per delivery of each process involved, µs (what bounds the throughput on a small machine). */
export interface CpuPerDelivery {
  /** The process sending: the baseline's loop, or the load generator firing events at the emulator. */
  client: number;
  receiver: number;
  /** Absent for the baseline. */
  emulator?: number;
}

const ownCpuUs = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/**
 * Starts counting the CPU time of this process, the receiver and (if given) the emulator process;
 * `perDelivery` divides what each used by `deliveries`, `received` being the receiver's final stats.
 */
export async function startCpuMeter(receiver: BenchReceiver, emulator?: { cpuUs(): Promise<number> }) {
  const client = ownCpuUs();
  const receiverAt = (await receiver.stats()).cpuUs;
  const emulatorAt = await emulator?.cpuUs();
  return {
    async perDelivery(received: ReceiverStats, deliveries: number): Promise<CpuPerDelivery> {
      const clientUsed = ownCpuUs() - client;
      const emulatorUsed = emulator && emulatorAt !== undefined ? (await emulator.cpuUs()) - emulatorAt : undefined;
      return {
        client: clientUsed / deliveries,
        receiver: (received.cpuUs - receiverAt) / deliveries,
        ...(emulatorUsed !== undefined && { emulator: emulatorUsed / deliveries }),
      };
    },
  };
}
