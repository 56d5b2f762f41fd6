import { describe, expect, it } from 'vitest';
import { parseStyles } from '../../src/lib/catalogue.ts';
import { parseCsv } from '../../src/lib/csv.ts';

describe('csv', () => {
  it('reads quoted fields with commas, doubled quotes and CRLF', () => {
    const rows = parseCsv('a,b\r\n1,"x, ""y"""\r\n2,z\r\n');
    expect(rows).toEqual([{ a: '1', b: 'x, "y"' }, { a: '2', b: 'z' }]);
  });

  it('joins unquoted extra fields back into the last column', () => {
    expect(parseCsv('id,name\n7,Shoes, black, size 9')).toEqual([{ id: '7', name: 'Shoes, black, size 9' }]);
  });

  it('maps styles.csv columns to catalogue items', () => {
    const csv = 'id,gender,masterCategory,subCategory,articleType,baseColour,season,year,usage,productDisplayName\n1,Men,Apparel,Topwear,Tshirts,Red,Summer,2012,Casual,Test Tee\n';
    expect(parseStyles(csv)).toEqual([{ id: '1', name: 'Test Tee', articleType: 'Tshirts', colour: 'Red', gender: 'Men' }]);
  });
});
