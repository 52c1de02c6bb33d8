import { Access } from '../access/access.decorator';
import { Controller, Get, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { EnumField, Field, ObjectField } from '../common/http/api-fields';
import type { Response } from 'express';
import { Readiness } from './readiness';

class LiveView {
  @EnumField(['ok']) status!: 'ok';
}

class DependencyView {
  @EnumField(['up', 'down']) status!: 'up' | 'down';
  @ApiProperty({ required: false, description: 'Why it is down.' }) error?: string;
}

class DependenciesView {
  @ObjectField(() => DependencyView) database!: DependencyView;
  @ObjectField(() => DependencyView) redis!: DependencyView;
}

class ReadyView {
  @EnumField(['ok']) status!: 'ok';
  @ObjectField(() => DependenciesView) checks!: DependenciesView;
}

class NotReadyView {
  @EnumField(['unavailable']) status!: 'unavailable';
  @Field('Not ready: redis is down.') message!: string;
  @ApiProperty({ type: [String], enum: ['database', 'redis'] }) down!: string[];
  @ObjectField(() => DependenciesView) checks!: DependenciesView;
}

@ApiTags('health')
@Access('public')
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up.' })
  @ApiOkResponse({ type: LiveView })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'The database and Redis answer; 503 names what is down.' })
  @ApiOkResponse({ type: ReadyView })
  @ApiServiceUnavailableResponse({ type: NotReadyView })
  async ready(@Res({ passthrough: true }) res: Response) {
    const checks = await this.readiness.check();
    const down = Object.entries(checks)
      .filter(([, check]) => check.status === 'down')
      .map(([name]) => name);
    if (down.length > 0) {
      res.status(503);
      return {
        status: 'unavailable',
        message: `Not ready: ${down.join(' and ')} ${down.length > 1 ? 'are' : 'is'} down.`,
        down,
        checks,
      };
    }
    return { status: 'ok', checks };
  }
}
