import { describe, expect, it } from 'vitest';
import { timelineConfig } from '../../../../main/mlbackend/labelConfig.ts';
import { labellingConfig } from '../../../../main/formats/export/labelStudioConfig.ts';

describe('timelineConfig', () => {
  it('reads the config the Label Studio export writes', () => {
    expect(timelineConfig(labellingConfig(['Chopping', 'A & B']))).toEqual({
      fromName: 'actions',
      toName: 'video',
      videoKey: 'video',
      frameRate: '$fps',
      labels: ['Chopping', 'A & B'],
    });
  });

  it("takes the TimelineLabels' own names, its Video's value and rate, and only its labels", () => {
    const config = `<View>
      <Video name='clip' value='$movie' frameRate='29.97'/>
      <Labels name="other" toName="text"><Label value="Not mine"/></Labels>
      <TimelineLabels toName="clip" name="steps"><Label value="Pour" background="red"/></TimelineLabels>
    </View>`;
    expect(timelineConfig(config)).toEqual({
      fromName: 'steps',
      toName: 'clip',
      videoKey: 'movie',
      frameRate: '29.97',
      labels: ['Pour'],
    });
  });

  it('is null without a TimelineLabels, and expands no entity but the predefined ones', () => {
    expect(timelineConfig('<View><Video name="v" value="$video"/></View>')).toBeNull();
    const config =
      '<!DOCTYPE v [<!ENTITY x "boom">]><View><Video name="v" value="$video"/>' +
      '<TimelineLabels name="t" toName="v"><Label value="&x;&#65;&#x110000;"/></TimelineLabels></View>';
    expect(timelineConfig(config)?.labels).toEqual(['&x;A\ufffd']);
  });
});
