import { Body, Controller, Delete, Get, HttpCode, Ip, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { AppConfig } from '../config/config';
import { EnumField, Field, ObjectField } from '../common/http/api-fields';
import { Access } from './access.decorator';
import { clearedSessionCookie, sessionCookie } from './browser-session';
import { Caller, CurrentCaller } from './caller';
import { Role, ROLES } from './operator.entity';
import { SessionsService } from './sessions.service';

class LoginDto {
  @ApiProperty() @IsEmail() @MaxLength(320) email!: string;
  @ApiProperty() @IsString() @MaxLength(500) password!: string;
}

/** Who is signed in, and the CSRF token a browser session repeats in X-CSRF-Token. */
class MeView {
  @Field() id!: string;
  @Field() email!: string;
  @Field() name!: string;
  @EnumField(ROLES) role!: Role;
  @ApiProperty({ type: [String], description: 'Empty for provider admins, who see every tenant.' })
  tenantIds!: string[];
  @Field('When the session ends.') expiresAt!: Date;
  @Field() csrfToken!: string;
}

class SignedInOperatorView {
  @Field() id!: string;
  @Field() email!: string;
  @EnumField(ROLES) role!: Role;
}

class SignedInView {
  @Field('Send it as Authorization: Bearer <accessToken>.') accessToken!: string;
  @Field('When the token stops working.') expiresAt!: Date;
  @ObjectField(() => SignedInOperatorView) operator!: SignedInOperatorView;
}

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Access('public')
  @ApiOperation({ summary: 'Signs in an API client: a bearer token for the Authorization header.' })
  @ApiOkResponse({ type: SignedInView })
  async login(@Body() body: LoginDto, @Ip() from: string) {
    const { accessToken, expiresAt, caller } = await this.sessions.login(
      body.email,
      body.password,
      from,
    );
    return {
      accessToken,
      expiresAt,
      operator: { id: caller.operatorId, email: caller.email, role: caller.role },
    };
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Signs out: the bearer token stops working.' })
  @ApiBearerAuth()
  @Access('authenticated')
  async logout(@CurrentCaller() caller: Caller) {
    await this.sessions.logout(caller);
  }

  @Post('session')
  @HttpCode(200)
  @Access('public')
  @ApiOperation({
    summary:
      'Signs in a browser: an HttpOnly session cookie, and the CSRF token its state-changing requests repeat in X-CSRF-Token.',
  })
  @ApiOkResponse({ type: MeView })
  async startSession(
    @Body() body: LoginDto,
    @Ip() from: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { accessToken, expiresAt, caller } = await this.sessions.login(
      body.email,
      body.password,
      from,
    );
    res.setHeader('set-cookie', sessionCookie(accessToken, expiresAt, this.secureCookies));
    return this.me(caller, expiresAt);
  }

  @Delete('session')
  @HttpCode(204)
  @Access('authenticated')
  @ApiOperation({ summary: 'Signs the browser out: the session ends and its cookie is cleared.' })
  async endSession(@CurrentCaller() caller: Caller, @Res({ passthrough: true }) res: Response) {
    await this.sessions.logout(caller);
    res.setHeader('set-cookie', clearedSessionCookie(this.secureCookies));
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Who is signed in: role, tenants, and the CSRF token of a browser session.',
  })
  @Access('authenticated')
  @ApiOkResponse({ type: MeView })
  whoAmI(@CurrentCaller() caller: Caller) {
    return this.me(caller, caller.expiresAt);
  }

  private me(caller: Caller, expiresAt: Date): MeView {
    return {
      id: caller.operatorId,
      email: caller.email,
      name: caller.name,
      role: caller.role,
      tenantIds: [...caller.tenantIds],
      expiresAt,
      csrfToken: this.sessions.csrfToken(caller),
    };
  }

  private get secureCookies(): boolean {
    return this.config.app.publicUrl.startsWith('https:');
  }
}
