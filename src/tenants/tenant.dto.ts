import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsUUID,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Omittable } from '../common/http/omittable';
import { IsPlainEmail } from '../common/http/plain-email';
import { queryBoolean } from '../common/http/query-params';

export class PbxAccountDto {
  @ApiProperty({ example: 'acct-contoso' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  accountId!: string;
  @ApiProperty({ example: 'https://pbx.example.com' })
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  @MaxLength(500)
  apiUrl!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) clientId!: string;
  @ApiProperty({ description: 'Stored encrypted; never returned.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  clientSecret!: string;
}

/** A change of the PBX connection: the fields given replace the stored ones. */
export class UpdatePbxAccountDto {
  @ApiPropertyOptional() @Omittable() @IsString() @IsNotEmpty() @MaxLength(200) accountId?: string;
  @ApiPropertyOptional()
  @Omittable()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  @MaxLength(500)
  apiUrl?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @IsNotEmpty() @MaxLength(200) clientId?: string;
  @ApiPropertyOptional({ description: 'Stored encrypted; never returned.' })
  @Omittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  clientSecret?: string;
}

export class PersonDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100) firstName!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100) lastName!: string;
  @ApiProperty() @IsPlainEmail() @MaxLength(320) email!: string;
}

export class CreateTenantDto {
  @ApiProperty({ example: 'Contoso Ltd' }) @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiProperty({ description: 'Connector seats purchased' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  connectorSeats!: number;
  @ApiProperty({ type: PbxAccountDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PbxAccountDto)
  pbx!: PbxAccountDto;
  @ApiProperty({ type: PersonDto, description: "The tenant's first admin; invited by e-mail." })
  @IsObject()
  @ValidateNested()
  @Type(() => PersonDto)
  admin!: PersonDto;
}

export class UpdateTenantDto {
  @ApiPropertyOptional() @Omittable() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional({ description: 'Connector seats purchased' })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  connectorSeats?: number;
  @ApiPropertyOptional({
    type: UpdatePbxAccountDto,
    description: 'Tried against the PBX (sign in, read one page of users) before it is saved.',
  })
  @Omittable()
  @IsObject()
  @ValidateNested()
  @Type(() => UpdatePbxAccountDto)
  pbx?: UpdatePbxAccountDto;
}

export class RemovalThresholdDto {
  @ApiProperty({ description: 'Removals above this many users wait for approval' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  users!: number;
  @ApiProperty({ description: '…or above this share of synced users' })
  @IsInt()
  @Min(0)
  @Max(100)
  percent!: number;
}

export class UpdateTenantSettingsDto {
  @ApiPropertyOptional({ enum: ['automatic', 'manual'] })
  @Omittable()
  @IsIn(['automatic', 'manual'])
  syncMode?: 'automatic' | 'manual';
  @ApiPropertyOptional() @Omittable() @IsBoolean() syncEnabled?: boolean;
  @ApiPropertyOptional({ minimum: 5, maximum: 1440 })
  @Omittable()
  @IsInt()
  @Min(5)
  @Max(1440)
  scheduleMinutes?: number;
  @ApiPropertyOptional({ example: 'PBX-Direct-Routing' })
  @Omittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  voiceRoutingPolicy?: string;
  @ApiPropertyOptional({ type: RemovalThresholdDto })
  @Omittable()
  @IsObject()
  @ValidateNested()
  @Type(() => RemovalThresholdDto)
  removalThreshold?: RemovalThresholdDto;
}

export class TenantsQuery {
  @ApiPropertyOptional({
    description:
      'true: the deleted tenants, restorable for 30 days (provider admins; others see none).',
  })
  @Omittable()
  @Transform(queryBoolean)
  @IsBoolean()
  deleted?: boolean;
  @ApiPropertyOptional({
    description:
      'Only the tenant linked to this Microsoft 365 tenant id: who holds a link another tenant was refused.',
  })
  @Omittable()
  @IsUUID('all')
  microsoftTenantId?: string;
}
