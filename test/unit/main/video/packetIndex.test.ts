import { describe, expect, it } from 'vitest';
import { parsePacketCsv } from '../../../../main/video/packetIndex.ts';

describe('parsePacketCsv', () => {
  it('orders frames by presentation time, keeps keyframes, skips discarded packets', () => {
    const csv = 'packet,0,-2,K__\npacket,3,-1,___\npacket,1,0,___\npacket,2,1,__D\nstream,1/25\n';
    const index = parsePacketCsv(csv);
    expect([...index.framePtsSec]).toEqual([0, 0.04, 0.12]);
    expect([...index.keyframePtsSec]).toEqual([0]);
  });

  it('falls back to dts when a packet has no pts', () => {
    const csv = 'packet,N/A,1000,K_\npacket,N/A,1001,__\nstream,1/2000\n';
    expect([...parsePacketCsv(csv).framePtsSec]).toEqual([0.5, 0.5005]);
  });
});
