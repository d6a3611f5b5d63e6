import { describe, expect, it } from 'vitest';
import { parsePacketCsv } from '../../../../main/video/packetIndex.ts';
import { headerCountsChunks } from '../../../../main/video/probeRules.ts';

describe('parsePacketCsv', () => {
  it('orders frames by presentation time, keeps keyframes, skips discarded packets', () => {
    const csv =
      'packet,0,-2,900,K__\npacket,3,-1,40,___\npacket,1,0,41,___\npacket,2,1,42,__D\nstream,1/25\n';
    const index = parsePacketCsv(csv);
    expect([...index.framePtsSec]).toEqual([0, 0.04, 0.12]);
    expect([...index.keyframePtsSec]).toEqual([0]);
  });

  it('falls back to dts when a packet has no pts', () => {
    const csv = 'packet,N/A,1000,10,K_\npacket,N/A,1001,10,__\nstream,1/2000\n';
    expect([...parsePacketCsv(csv).framePtsSec]).toEqual([0.5, 0.5005]);
  });

  it("skips an AVI's empty chunks: dropped frames, not frames", () => {
    const csv =
      'packet,0,0,105,K__\npacket,1,1,0,___\npacket,2,2,0,___\npacket,3,3,98,K__\nstream,1/15\n';
    expect([...parsePacketCsv(csv).framePtsSec]).toEqual([0, 0.2]);
  });
});

describe('a header frame count', () => {
  it('proves nothing in an AVI (it counts chunks), and is weighed in other containers', () => {
    expect(headerCountsChunks('avi')).toBe(true);
    expect(headerCountsChunks('mov,mp4,m4a,3gp,3g2,mj2')).toBe(false);
    expect(headerCountsChunks(undefined)).toBe(false);
  });
});
