import { Body, Controller, HttpCode, Ip, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength } from 'class-validator';
import { Field } from '../common/http/api-fields';
import { Access } from './access.decorator';
import { PasswordResetsService, RESET_LINK_MINUTES } from './password-resets.service';

class ResetRequestDto {
  @ApiProperty() @IsEmail() @MaxLength(320) email!: string;
}

class NewPasswordDto {
  @ApiProperty({ minLength: 12 }) @IsString() @MaxLength(500) password!: string;
}

class ResetRequestedView {
  @Field('The same whether or not the address belongs to an account.') message!: string;
}

class PasswordChangedView {
  @Field('Whose password it was; every session of theirs has ended.') email!: string;
}

@ApiTags('auth')
@Controller('api/v1/auth/password-reset')
export class PasswordResetsController {
  constructor(private readonly resets: PasswordResetsService) {}

  @Post()
  @HttpCode(202)
  @Access('public')
  @ApiOperation({
    summary:
      '"Forgot password": e-mails a single-use link to choose a new one, if the address belongs to an account that can sign in.',
  })
  @ApiAcceptedResponse({ type: ResetRequestedView })
  async request(@Body() body: ResetRequestDto, @Ip() from: string): Promise<ResetRequestedView> {
    await this.resets.request(body.email, from);
    return {
      message: `If ${body.email} belongs to an account, a link to choose a new password is on its way. It works once, for ${RESET_LINK_MINUTES} minutes.`,
    };
  }

  @Post(':token')
  @HttpCode(200)
  @Access('public')
  @ApiOperation({
    summary:
      'Sets the new password with the link from the e-mail, and signs the account out everywhere.',
  })
  @ApiOkResponse({ type: PasswordChangedView })
  async reset(
    @Param('token') token: string,
    @Body() body: NewPasswordDto,
    @Ip() from: string,
  ): Promise<PasswordChangedView> {
    return { email: await this.resets.reset(token, body.password, from) };
  }
}
