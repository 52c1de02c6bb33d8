import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { AppConfig } from '../config/config';
import { PageQuery, queryBoolean } from '../common/http/query-params';
import { withUploadedFile } from '../common/http/uploaded-file';
import { Access } from '../access/access.decorator';
import { Caller, CurrentCaller } from '../access/caller';
import { MappingFiles } from './mapping-files.service';
import { CreatedMappingView, ImportAnswer, MappingPageView } from './mapping.view';
import { DocumentResponse } from '../common/http/api-fields';
import { MappingsService } from './mappings.service';
import { Omittable } from '../common/http/omittable';

class CreateMappingDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) pbxUserId!: string;
  @ApiProperty({
    description: "The Microsoft 365 user: object id, user principal name, e-mail or 'smtp:' alias",
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  teamsUser!: string;
}

class TemplateQuery {
  @ApiPropertyOptional({ description: 'true: every PBX user, not only those without a match' })
  @Omittable()
  @Transform(queryBoolean)
  @IsBoolean()
  all?: boolean;
}

class ImportQuery {
  @ApiPropertyOptional({ description: 'true: check and report only; nothing is changed' })
  @Omittable()
  @Transform(queryBoolean)
  @IsBoolean()
  dryRun?: boolean;
}

const CSV_TYPE = 'text/csv; charset=utf-8';

@ApiTags('mappings')
@ApiBearerAuth()
@Controller('api/v1/tenants/:id')
export class MappingsController {
  constructor(
    private readonly mappings: MappingsService,
    private readonly files: MappingFiles,
    private readonly config: AppConfig,
  ) {}

  @Get('mappings')
  @Access('tenant:read')
  @ApiOperation({
    summary: 'Manual mappings, a page at a time, with both users by name and address.',
  })
  @ApiOkResponse({ type: MappingPageView })
  list(@Param('id', ParseUUIDPipe) id: string, @Query() query: PageQuery) {
    return this.mappings.list(id, query.page ?? 1, query.pageSize ?? 50);
  }

  @Get('mappings.csv')
  @Access('tenant:read')
  @DocumentResponse('text/csv', 'UTF-8 with a byte order mark, so spreadsheets read it as UTF-8.')
  @ApiOperation({
    summary: 'Manual mappings as CSV, in the template’s form: imported back, it changes nothing.',
  })
  async export(@Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    await this.sendCsv(res, 'mappings.csv', await this.files.export(id));
  }

  @Get('mappings/template.csv')
  @Access('tenant:read')
  @DocumentResponse('text/csv', 'UTF-8 with a byte order mark, so spreadsheets read it as UTF-8.')
  @ApiOperation({
    summary:
      'The CSV template: each PBX user without an automatic match (all=true: every PBX user), the PBX side filled in, how each is matched today, and a Teams user column to fill in. UTF-8 with a BOM.',
  })
  async template(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: TemplateQuery,
    @Res() res: Response,
  ) {
    await this.sendCsv(
      res,
      'mapping-template.csv',
      await this.files.template(id, query.all ?? false),
    );
  }

  @Post('mappings/import')
  @HttpCode(200)
  @Access('tenant:manage')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
  })
  @ApiOperation({
    summary:
      'Imports a filled-in template (UTF-8, UTF-16 or Windows-1252; comma, semicolon or tab). Every rejected row is listed with its line, column and code; a file with any rejected row changes nothing, and dryRun=true changes nothing either.',
  })
  @ApiOkResponse({ type: ImportAnswer })
  importFile(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ImportQuery,
    @Req() req: Request,
    @CurrentCaller() caller: Caller,
  ) {
    return withUploadedFile(
      req,
      { field: 'file', maxBytes: this.config.sync.mappingImportMaxBytes },
      (file) => this.files.import(id, file, query.dryRun ?? false, caller),
    );
  }

  @Post('mappings')
  @HttpCode(201)
  @Access('tenant:manage')
  @ApiOperation({
    summary: 'Maps one PBX user; an existing mapping is replaced and the answer says so.',
  })
  @ApiCreatedResponse({ type: CreatedMappingView })
  create(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateMappingDto,
    @CurrentCaller() caller: Caller,
  ) {
    return this.mappings.create(id, body, caller);
  }

  @Delete('mappings/:mappingId')
  @HttpCode(204)
  @Access('tenant:manage')
  @ApiOperation({ summary: 'Removes a manual mapping; the PBX user is matched by e-mail again.' })
  async remove(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('mappingId', ParseUUIDPipe) mappingId: string,
  ) {
    await this.mappings.remove(id, mappingId);
  }

  private async sendCsv(res: Response, name: string, body: Readable): Promise<void> {
    res.setHeader('content-type', CSV_TYPE);
    res.setHeader('content-disposition', `attachment; filename="${name}"`);
    await pipeline(body, res);
  }
}
