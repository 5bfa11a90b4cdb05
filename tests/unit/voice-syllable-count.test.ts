import { describe, expect, it } from 'vitest';
import {
  chineseNumeral,
  countSyllables,
  numberReadingMode,
  scriptReading,
} from '../../src/domain/voice/metrics/syllable-count.ts';

describe('countSyllables', () => {
  it('counts Han characters and ignores punctuation and spaces', () => {
    expect(countSyllables('您好，请问有什么可以帮您？')).toBe(11);
    expect(countSyllables('感谢 您的来电！……再见。')).toBe(8);
    expect(countSyllables('')).toBe(0);
  });

  it('reads the standard greeting: 10000 as 一万, the employee number digit by digit', () => {
    expect(scriptReading('您好，中国电信10000号，工号1234为您服务，请问有什么可以帮您？')).toBe(
      '您好，中国电信一万号，工号幺二三四为您服务，请问有什么可以帮您？',
    );
    expect(countSyllables('您好，中国电信10000号，工号1234为您服务，请问有什么可以帮您？')).toBe(28);
  });

  it('reads service and phone numbers digit by digit', () => {
    expect(scriptReading('请拨打10086')).toBe('请拨打幺零零八六');
    expect(countSyllables('10086')).toBe(5);
    expect(countSyllables('13800138000')).toBe(11);
    expect(scriptReading('400-810-8000')).toBe('四零零-八幺零-八零零零');
    expect(countSyllables('138 0013 8000')).toBe(11);
    expect(countSyllables('2024年')).toBe(5);
  });

  it('reads quantities as Chinese numerals', () => {
    expect(scriptReading('您本月话费是128元')).toBe('您本月话费是一百二十八元');
    expect(countSyllables('99元')).toBe(4);
    expect(countSyllables('3个月')).toBe(3);
    expect(countSyllables('12')).toBe(2);
    expect(countSyllables('1.5G')).toBe(4);
    expect(scriptReading('20%')).toBe('百分之二十');
    expect(scriptReading('３００Ｍ宽带')).toBe('三百M宽带');
  });

  it('builds Chinese numerals with 零 and 万 correctly', () => {
    expect(chineseNumeral('10000')).toBe('一万');
    expect(chineseNumeral('10001')).toBe('一万零一');
    expect(chineseNumeral('10010')).toBe('一万零一十');
    expect(chineseNumeral('105')).toBe('一百零五');
    expect(chineseNumeral('1200')).toBe('一千二百');
    expect(chineseNumeral('15')).toBe('十五');
    expect(chineseNumeral('150000')).toBe('十五万');
    expect(chineseNumeral('100000000')).toBe('一亿');
    expect(chineseNumeral('0')).toBe('零');
  });

  it('decides the reading mode from the neighbours', () => {
    expect(numberReadingMode('10000', '电信', '号，')).toBe('quantity');
    expect(numberReadingMode('10086', '拨打', '')).toBe('digits');
    expect(numberReadingMode('128', '是', '元')).toBe('quantity');
    expect(numberReadingMode('1234', '工号', '为您')).toBe('digits');
  });

  it('does not count the 儿 of 儿化 words', () => {
    expect(countSyllables('一会儿')).toBe(2);
    expect(countSyllables('这儿')).toBe(1);
    expect(countSyllables('哪儿')).toBe(1);
    expect(countSyllables('您稍等一会儿，我马上回来')).toBe(10);
  });

  it('counts 儿 as a syllable where it is one', () => {
    expect(countSyllables('儿童')).toBe(2);
    expect(countSyllables('女儿')).toBe(2);
    expect(countSyllables('关爱儿童')).toBe(4);
    expect(countSyllables('婴儿')).toBe(2);
    expect(countSyllables('新生儿')).toBe(3);
  });

  it('counts each ASCII letter as one syllable', () => {
    expect(countSyllables('VIP客户')).toBe(5);
    expect(countSyllables('5G套餐')).toBe(4);
  });
});
