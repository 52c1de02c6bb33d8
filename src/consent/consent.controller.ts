import { ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import type { ErrorCode } from '../common/errors/error-codes';
import { DocumentResponse } from '../common/http/api-fields';
import {
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EnumField, Field, ListField } from '../common/http/api-fields';
import type { Request, Response } from 'express';
import { Access } from '../access/access.decorator';
import { Caller, CurrentCaller } from '../access/caller';
import { DomainError } from '../common/errors/domain-error';
import { ERROR_STATUS } from '../common/errors/error-codes';
import { outcomePage, PAGE_CSP } from '../common/text/html-page';
import { ConnectionCheckService } from './connection-check.service';
import { ConsentCallback } from './consent-callback.service';
import { refusalTitle } from './consent-outcome';
import { ConsentService } from './consent.service';

class ConsentStartView {
  @Field("Microsoft's sign-in page, on to the admin consent; send the Global Administrator here.")
  consentUrl!: string;
  @Field('The link works until then.') expiresAt!: Date;
}

class CheckView {
  @Field() name!: string;
  @Field() ok!: boolean;
  @Field() message!: string;
  @ApiPropertyOptional({
    enum: ['directRouting'],
    description: 'Only this feature needs the check: it does not fail the connection.',
  })
  feature?: 'directRouting';
}

class VerifyView {
  @EnumField(['ok', 'failed'], 'ok: every check that syncing needs passed.')
  status!: 'ok' | 'failed';
  @ListField(() => CheckView) checks!: CheckView[];
}

/** A consent that did not go through: a page naming the code, as the browser that came back shows it. */
const ConsentRefusal = (status: number, codes: ErrorCode[]) =>
  ApiResponse({
    status,
    description: `A page saying why, with one of: ${codes.map((c) => `\`${c}\``).join(', ')} (JSON with Accept: application/json).`,
    content: { 'text/html': { schema: { type: 'string' } } },
  });

@ApiTags('consent')
@Controller('api/v1')
export class ConsentController {
  constructor(
    private readonly consent: ConsentService,
    private readonly callbacks: ConsentCallback,
    private readonly connection: ConnectionCheckService,
  ) {}

  @Post('tenants/:id/consent')
  @HttpCode(200)
  @ApiBearerAuth()
  @Access('tenant:manage')
  @ApiOperation({
    summary:
      "The URL to send the customer's Global Administrator to: Microsoft's sign-in, then the admin consent.",
  })
  @ApiOkResponse({ type: ConsentStartView })
  start(@Param('id', ParseUUIDPipe) id: string, @CurrentCaller() caller: Caller) {
    return this.consent.start(id, caller);
  }

  @Get('consent/callback')
  @Access('public')
  @ApiOperation({
    summary:
      "Microsoft's redirect after the administrator's sign-in (on to the admin consent) and after the consent (a page stating the outcome).",
  })
  @DocumentResponse(
    'text/html',
    'The outcome in words, its error code in data-error-code; JSON with Accept: application/json.',
  )
  @ConsentRefusal(400, [
    'CONSENT_STATE_MISSING',
    'CONSENT_STATE_INVALID',
    'CONSENT_STATE_EXPIRED',
    'CONSENT_CALLBACK_INVALID',
  ])
  @ConsentRefusal(403, ['CONSENT_ADMIN_ROLE_REQUIRED'])
  @ConsentRefusal(409, ['CONSENT_STATE_USED', 'CONSENT_ADMIN_ROLE_UNKNOWN', 'CONSENT_NOT_GRANTED'])
  async callback(
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('content-security-policy', PAGE_CSP);
    try {
      const outcome = await this.callbacks.handle(singleValues(query));
      if (outcome.kind === 'redirect') return res.redirect(302, outcome.url);
      res
        .status(200)
        .type('html')
        .send(outcomePage(outcome.title, outcome.message, outcome.ok));
    } catch (error) {
      // A script that asks for JSON gets the API's error shape; a browser gets a page.
      if (!(error instanceof DomainError) || req.accepts(['html', 'json']) === 'json') throw error;
      res
        .status(ERROR_STATUS[error.code])
        .type('html')
        .send(outcomePage(refusalTitle(error.code), error.message, false, error.code));
    }
  }

  @Post('tenants/:id/connection/verify')
  @HttpCode(200)
  @ApiBearerAuth()
  @Access('tenant:manage')
  @ApiOperation({
    summary: 'Checks the token, each permission, and the organization, users and SKUs reads.',
  })
  @ApiOkResponse({ type: VerifyView })
  verify(@Param('id', ParseUUIDPipe) id: string) {
    return this.connection.verify(id);
  }
}

/** Microsoft sends each parameter once; a repeated or nested one is not Microsoft's. */
function singleValues(query: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (typeof value !== 'string')
      throw new DomainError(
        'CONSENT_CALLBACK_INVALID',
        `The parameter '${key}' is given more than once.`,
      );
    values[key] = value;
  }
  return values;
}
