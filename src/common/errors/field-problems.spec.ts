import 'reflect-metadata';
import { validate } from 'class-validator';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsEmail,
  IsInt,
  IsObject,
  IsString,
  Max,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Omittable } from '../http/omittable';
import { fieldProblems, validationFailed } from './field-problems';

class Person {
  @IsEmail() @MaxLength(10) email!: string;
}
class Body {
  @IsString() @MaxLength(5) name!: string;
  @Omittable() @IsInt() @Max(10) count?: number;
  @IsObject() @ValidateNested() @Type(() => Person) person!: Person;
}

const problems = async (plain: object) =>
  fieldProblems(
    await validate(plainToInstance(Body, plain), { forbidNonWhitelisted: true, whitelist: true }),
  );

describe('fieldProblems', () => {
  it('names one problem per field, the most telling one', async () => {
    expect(
      await problems({ name: 42, count: 11.5, person: { email: 'not-an-address-at-all' } }),
    ).toEqual([
      { field: 'name', code: 'FIELD_TYPE', message: 'name must be a string.' },
      { field: 'count', code: 'FIELD_TYPE', message: 'count must be an integer number.' },
      { field: 'person.email', code: 'FIELD_FORMAT', message: 'email must be an email.' },
    ]);
  });

  it('says a missing field is required, and a null one is not taken for missing', async () => {
    expect(await problems({ name: 'a', count: null, person: { email: 'a@b.co' } })).toEqual([
      { field: 'count', code: 'FIELD_TYPE', message: 'count must be an integer number.' },
    ]);
    expect(await problems({ person: { email: 'a@b.co' } })).toEqual([
      { field: 'name', code: 'FIELD_REQUIRED', message: 'name is required.' },
    ]);
  });

  it('names a nested value of the wrong shape alone, not what is inside it', async () => {
    expect(await problems({ name: 'a', person: [{}] })).toEqual([
      { field: 'person', code: 'FIELD_TYPE', message: 'person must be an object.' },
    ]);
  });

  it('refuses fields nobody asked for, and answers them sorted by field', async () => {
    const error = validationFailed(
      await validate(
        plainToInstance(Body, { zed: 1, name: 'abcdefg', person: { email: 'a@b.co' } }),
        {
          whitelist: true,
          forbidNonWhitelisted: true,
        },
      ),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([
      { field: 'name', code: 'FIELD_LENGTH', message: expect.any(String) },
      { field: 'zed', code: 'FIELD_NOT_ALLOWED', message: 'property zed should not exist.' },
    ]);
  });
});
