import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { Access } from '../access/access.decorator';
import { Caller, CurrentCaller } from '../access/caller';
import { MappingsService } from './mappings.service';

class CreateMappingDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) pbxUserId!: string;
  @ApiProperty({ description: 'The Microsoft 365 user object id' })
  @IsUUID('all')
  teamsUserId!: string;
}

@ApiTags('mappings')
@ApiBearerAuth()
@Controller('api/v1/tenants/:id/mappings')
export class MappingsController {
  constructor(private readonly mappings: MappingsService) {}

  @Get()
  @Access('tenant:read')
  list(@Param('id', ParseUUIDPipe) id: string) {
    return this.mappings.list(id);
  }

  @Post()
  @HttpCode(201)
  @Access('tenant:manage')
  create(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateMappingDto,
    @CurrentCaller() caller: Caller,
  ) {
    return this.mappings.create(id, body, caller);
  }

  @Delete(':mappingId')
  @HttpCode(204)
  @Access('tenant:manage')
  async remove(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('mappingId', ParseUUIDPipe) mappingId: string,
  ) {
    await this.mappings.remove(id, mappingId);
  }
}
