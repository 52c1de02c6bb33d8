import { Access } from '../access/access.decorator';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Readiness } from './readiness';

@ApiTags('health')
@Access('public')
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up.' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'The database and Redis answer; 503 names what is down.' })
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
